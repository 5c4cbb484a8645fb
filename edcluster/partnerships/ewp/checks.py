"""The checks before an export: an IIA that fails them is never written, whatever the XSD says.

The XSD would catch most of these too, but by line of a document nobody sees; here each names the
agreement's field, so a page or the API can say what to correct.
"""

import re

from django.utils.translation import gettext as _

from .problems import IiaError, IiaProblem
from .terms import CooperationCondition, Iia, MobilityType, Partner, SubjectArea

# A SCHAC home organization: the institution's internet domain, lower case.
SCHAC = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ACADEMIC_YEAR = re.compile(r"^[0-9]{4}/[0-9]{4}$")
ISCED = re.compile(r"^[0-9]{4}$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
CEFR = {"A1", "A2", "B1", "B2", "C1", "C2"}
IDENTIFIER = re.compile(r"^[!-~]{1,64}$")


def iia_check(iia: Iia, *, where: str = "iia") -> list[IiaProblem]:
    """Every problem of one IIA, each naming its field (`where` prefixes the paths)."""
    problems: list[IiaProblem] = []
    for number, partner in enumerate(iia.partners, 1):
        problems += _partner(partner, f"{where}.partner[{number}]")
    publisher = iia.partners[0]
    for name, value in (("iia-id", publisher.iia_id), ("iia-code", publisher.iia_code)):
        if not value:  # the spec requires both of the first partner, though the XSD does not
            message = _("the publishing party needs its own %(element)s.") % {"element": name}
            problems.append(IiaProblem(f"{where}.partner[1].{name}", message))
    schac_ids = {partner.hei_id for partner in iia.partners}
    for number, condition in enumerate(iia.conditions, 1):
        path = f"{where}.{condition.type.element}[{number}]"
        problems += _condition(condition, path, schac_ids)
    return problems


def iias_check(iias: list[Iia]) -> None:
    """Raise IiaError naming every field to correct, or return."""
    problems = [
        problem
        for number, iia in enumerate(iias, 1)
        for problem in iia_check(iia, where=f"iia[{number}]")
    ]
    if problems:
        raise IiaError(problems)


def _partner(partner: Partner, path: str) -> list[IiaProblem]:
    problems = []
    if not SCHAC.match(partner.hei_id):
        problems.append(
            IiaProblem(f"{path}.hei-id", _("the party has no SCHAC id (its internet domain).")),
        )
    for name, value in (("ounit-id", partner.ounit_id), ("iia-id", partner.iia_id)):
        if value and not IDENTIFIER.match(value):
            problems.append(
                IiaProblem(f"{path}.{name}", _("use 1 to 64 printable ASCII characters.")),
            )
    return problems


def _condition(condition: CooperationCondition, path: str, schac_ids: set[str]) -> list[IiaProblem]:
    problems = []
    for name, hei_id in (
        ("sending-hei-id", condition.sending_hei_id),
        ("receiving-hei-id", condition.receiving_hei_id),
    ):
        if hei_id not in schac_ids:
            problems.append(
                IiaProblem(f"{path}.{name}", _("the institution is not a party to the agreement."))
            )
    problems += _years(condition, path)
    if condition.mobilities_per_year < 1:
        problems.append(
            IiaProblem(f"{path}.mobilities-per-year", _("at least one mobility a year."))
        )
    if condition.total is not None and condition.total <= 0:
        name = "total-months-per-year" if condition.type.is_student else "total-days-per-year"
        problems.append(IiaProblem(f"{path}.{name}", _("the total must be positive.")))
    if condition.eqf_levels and not condition.type.is_student:
        problems.append(IiaProblem(f"{path}.eqf-level", _("EQF levels apply to students only.")))
    for level in condition.eqf_levels:
        if not 1 <= level <= 8:
            problems.append(IiaProblem(f"{path}.eqf-level", _("an EQF level is 1 to 8.")))
    for number, area in enumerate(condition.subject_areas, 1):
        problems += _subject_area(area, f"{path}.subject-area[{number}]")
    problems += _languages(condition, path)
    return problems


def _years(condition: CooperationCondition, path: str) -> list[IiaProblem]:
    problems = []
    for name, year in (
        ("receiving-first-academic-year-id", condition.first_year),
        ("receiving-last-academic-year-id", condition.last_year),
    ):
        if not ACADEMIC_YEAR.match(year) or int(year[5:]) != int(year[:4]) + 1:
            problems.append(
                IiaProblem(
                    f"{path}.{name}",
                    _("%(year)s is not an academic year written YYYY/YYYY, e.g. 2025/2026.")
                    % {"year": year},
                )
            )
    if not problems and condition.last_year < condition.first_year:
        problems.append(
            IiaProblem(
                f"{path}.receiving-last-academic-year-id",
                _("the last academic year comes before the first."),
            )
        )
    return problems


def _subject_area(area: SubjectArea, path: str) -> list[IiaProblem]:
    if ISCED.match(area.isced):
        return []
    message = _("%(code)s is not a 4-digit ISCED-F detailed field.") % {"code": area.isced}
    return [IiaProblem(f"{path}.isced-f-code", message)]


def _languages(condition: CooperationCondition, path: str) -> list[IiaProblem]:
    problems = []
    skills = condition.language_skills
    if not skills and condition.type in (MobilityType.STUDENT_STUDIES, MobilityType.STAFF_TEACHING):
        problems.append(
            IiaProblem(
                f"{path}.recommended-language-skill", _("name at least one recommended language.")
            )
        )
    for number, skill in enumerate(skills, 1):
        where = f"{path}.recommended-language-skill[{number}]"
        if not LANGUAGE.match(skill.language):
            problems.append(
                IiaProblem(f"{where}.language", _("use a two-letter ISO 639-1 code, e.g. en."))
            )
        if skill.cefr and skill.cefr not in CEFR:
            problems.append(IiaProblem(f"{where}.cefr-level", _("a CEFR level is A1 to C2.")))
        if skill.subject_area is not None:
            problems += _subject_area(skill.subject_area, f"{where}.subject-area")
    return problems
