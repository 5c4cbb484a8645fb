"""A version as EWP IIA v7 values (`partnerships/ewp/`), the hash signatures bind to (the
official `iia-hash`), and the export of an agreement's newest version.

Mapping rules (docs/partnerships.md, "The EWP IIA v7 seam"):

- one `Iia` per bilateral pair of the version (`bilateral_pairs`), the pair's first party (the
  keeper when it is in the pair) publishing it: its `iia-id` is the agreement's UUID and its
  `iia-code` the agreement's number; the second partner's own numbering is not kept here, so its
  `iia-id` and `iia-code` are left out (the schema makes them optional);
- `in-effect` when both parties of the pair signed the version;
- `pdf-file` is left out: the schema wants an identifier of the EWP File API, which the platform
  does not serve (the signed text is downloaded from the agreement page);
- totals are written without a trailing `.0` (`5`, `5.5`).
"""

import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from edcluster.partnerships import ewp
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
)
from edcluster.partnerships.selectors import (
    agreement_parties,
    agreements_prefetch,
    prefetched,
    version_prefetch,
)
from edcluster.partnerships.services.facts import (
    agreement_version_facts,
    bilateral_pairs,
    condition_facts,
)
from edcluster.partnerships.services.status import latest_version

Pair = tuple[AgreementParty, AgreementParty]
Type = CooperationCondition.Type
MOBILITY_TYPE: dict[str, ewp.MobilityType] = {
    Type.STUDENT_STUDIES: ewp.MobilityType.STUDENT_STUDIES,
    Type.STUDENT_TRAINEESHIP: ewp.MobilityType.STUDENT_TRAINEESHIP,
    Type.STAFF_TEACHING: ewp.MobilityType.STAFF_TEACHING,
    Type.STAFF_TRAINING: ewp.MobilityType.STAFF_TRAINING,
}
CONDITION_TYPE: dict[ewp.MobilityType, str] = {value: key for key, value in MOBILITY_TYPE.items()}
ENDED = (Agreement.Status.TERMINATED, Agreement.Status.EXPIRED)


def _total(value: float | None) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def condition_of_facts(facts: dict[str, Any]) -> ewp.CooperationCondition:
    """One `*-mobility-spec` of `agreement_version_facts` as the ewp value."""
    kind = MOBILITY_TYPE[facts["type"]]
    total = facts["total_months_per_year"] if kind.is_student else facts["total_days_per_year"]
    return ewp.CooperationCondition(
        type=kind,
        sending_hei_id=facts["sending_hei_id"] or "",
        sending_ounit_id=facts["sending_ounit_id"] or "",
        receiving_hei_id=facts["receiving_hei_id"] or "",
        receiving_ounit_id=facts["receiving_ounit_id"] or "",
        first_year=facts["receiving_first_academic_year_id"],
        last_year=facts["receiving_last_academic_year_id"],
        mobilities_per_year=facts["mobilities_per_year"],
        language_skills=tuple(
            ewp.LanguageSkill(language=skill["language"], cefr=skill["cefr_level"] or "")
            for skill in facts["recommended_language_skills"]
        ),
        subject_areas=tuple(
            ewp.SubjectArea(isced=area["isced_f_code"], clarification=area["isced_clarification"])
            for area in facts["subject_areas"]
        ),
        other_info=facts["other_info_terms"],
        total=_total(total),
        blended=bool(facts["blended"]) and kind.is_student,
        eqf_levels=tuple(facts["eqf_levels"]),
    )


def _partner(facts: dict[str, Any], *, publisher: bool) -> ewp.Partner:
    contact = facts["signing_contact"]
    signed = facts["signing_date"]
    return ewp.Partner(
        hei_id=facts["hei_id"] or "",
        ounit_id=facts["ounit_id"] or "",
        iia_id=facts["iia_id"] if publisher else "",
        iia_code=facts["iia_code"] if publisher else "",
        signing_contact=None
        if contact is None
        else ewp.Contact(
            name=contact["name"], email=contact["email"] or "", role=contact["role"] or ""
        ),
        signing_date=None if signed is None else date.fromisoformat(signed),
    )


def iia_of_facts(facts: dict[str, Any]) -> ewp.Iia:
    """`agreement_version_facts` of one pair as the ewp `Iia` (the first partner publishing)."""
    first, second = facts["partners"]
    return ewp.Iia(
        partners=(_partner(first, publisher=True), _partner(second, publisher=False)),
        in_effect=facts["in_effect"],
        conditions=tuple(condition_of_facts(condition) for condition in facts["conditions"]),
    )


def pairs_in_order(version: AgreementVersion) -> list[Pair]:
    """The version's bilateral pairs by the parties' order in the agreement."""
    return sorted(bilateral_pairs(version), key=lambda pair: (pair[0].position, pair[1].position))


def version_iias(version: AgreementVersion) -> list[tuple[Pair, ewp.Iia]]:
    """One IIA per bilateral pair of the version, with its pair."""
    return [
        (pair, iia_of_facts(agreement_version_facts(version, pair, pdf=False)))
        for pair in pairs_in_order(version)
    ]


def pair_hash(version: AgreementVersion, pair: Pair) -> str:
    """The official iia-hash of the version's IIA between the two parties (unchecked: an
    agreement that could not be exported is still signed)."""
    facts = agreement_version_facts(version, pair, pdf=False)
    return ewp.iia_hash(iia_of_facts(facts), check=False)


def version_hash(version: AgreementVersion) -> str:
    """What a signature binds to. Two parties: the IIA's official `iia-hash` (SHA-256 of the
    spec's XSLT text). Three or more: SHA-256 of `_iia-id=<uuid>_` followed by
    `_pair=<hei-id>/<hei-id>=<iia-hash>_` for each bilateral pair, by the parties' order."""
    iias = version_iias(version)
    if len(agreement_parties(agreement=version.agreement)) == 2 and len(iias) == 1:
        return ewp.iia_hash(iias[0][1], check=False)
    text = f"_iia-id={version.agreement.uuid}_" + "".join(
        f"_pair={first.organization.schac_id}/{second.organization.schac_id}="
        f"{ewp.iia_hash(iia, check=False)}_"
        for (first, second), iia in iias
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def agreement_iias(agreement: Agreement) -> list[ewp.Iia]:
    """The IIAs of the newest version, checked: a ValidationError names the agreement and each
    field to correct (the IIA's element path)."""
    if prefetched(agreement, "versions"):  # iias_export read them for every agreement at once
        version = max(agreement.versions.all(), key=lambda each: each.number)
    else:
        version = latest_version(agreement)
    version_prefetch(version)  # each pair reads the same conditions, parties and signatures
    iias = [iia for _pair, iia in version_iias(version)]
    if not iias:
        raise ValidationError(
            {
                "conditions": _(
                    "Agreement %(code)s has no pair of parties with conditions between them."
                )
                % {"code": agreement.code}
            }
        )
    if agreement.status == Agreement.Status.TERMINATED:
        iias = [replace(iia, terminated_as_a_whole=True) for iia in iias]
    problems = [
        problem
        for number, iia in enumerate(iias, 1)
        for problem in ewp.iia_check(iia, where=f"iia[{number}]")
    ]
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            message = _("Agreement %(code)s: %(message)s") % {
                "code": agreement.code,
                "message": problem.message,
            }
            errors.setdefault(problem.field, []).append(message)
        raise ValidationError(errors)
    return iias


def agreement_iia_xml(agreement: Agreement) -> bytes:
    """The IIAs v7 get response of the agreement's newest version (one `iia` per pair)."""
    return ewp.iia_xml(agreement_iias(agreement))


def iias_export(agreements: list[Agreement]) -> tuple[bytes, list[Agreement], list[tuple]]:
    """One get response with every exportable agreement's IIAs; the agreements exported and
    those skipped, each with why. Ended agreements are skipped: a terminated one would change
    the other IIAs' hashes in the same document (the transform reads the whole document)."""
    iias: list[ewp.Iia] = []
    exported: list[Agreement] = []
    skipped: list[tuple[Agreement, str]] = []
    for start in range(0, len(agreements), 1000):  # a few queries a thousand, not per agreement
        agreements_prefetch(agreements[start : start + 1000])
    for agreement in agreements:
        if agreement.status in ENDED:
            reason = _("it has ended (%(status)s).") % {"status": agreement.get_status_display()}
            skipped.append((agreement, reason))
            continue
        try:
            iias += agreement_iias(agreement)
        except ValidationError as error:
            reasons = [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            skipped.append((agreement, "; ".join(reasons)))
            continue
        exported.append(agreement)
    xml = ewp.iia_xml(iias)
    problems = ewp.iia_validate(xml)
    if problems:  # never written when the XSD refuses it, whatever the checks said
        raise ewp.IiaError(problems)
    return xml, exported, skipped


def facts_of_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The facts of a condition not saved yet (its cleaned fields), as `condition_facts`."""
    return condition_facts(CooperationCondition(**fields))
