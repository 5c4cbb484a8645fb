"""The cooperation conditions of a version (IIA v7 terms): checked field by field, written only
while no side has signed the version."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.organizations.models import FieldOfEducation, OrganizationUnit
from edcluster.partnerships.languages import CEFR_LEVELS, ISO_639_1
from edcluster.partnerships.models import (
    ACADEMIC_YEAR,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
)
from edcluster.partnerships.services.map_summary import map_summary_refresh
from edcluster.partnerships.services.status import version_require_open

Type = CooperationCondition.Type
MAX_ITEMS = 50  # subject areas, EQF levels or languages in one condition


def academic_year_check(value: str, field: str) -> int:
    """The starting calendar year of `YYYY/YYYY` (the second year the next of the first)."""
    match = ACADEMIC_YEAR.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(
            {field: _("Enter an academic year as YYYY/YYYY, e.g. 2026/2027, not “%s”.") % value}
        )
    return int(match[1])


def _subject_areas(areas: list[dict]) -> list[dict]:
    codes = [str(area.get("code", "")).strip() for area in areas]
    detailed = set(
        FieldOfEducation.objects.filter(
            code__in=codes, level=FieldOfEducation.Level.DETAILED
        ).values_list("code", flat=True)
    )
    cleaned = []
    for code, area in zip(codes, areas, strict=True):
        if code not in detailed:
            raise ValidationError(
                {
                    "subject_areas": _(
                        "“%s” is not a detailed field of ISCED-F 2013 (four digits, e.g. 0533)."
                    )
                    % code
                }
            )
        clarification = str(area.get("clarification", "")).strip()[:255]
        cleaned.append({"code": code, "clarification": clarification})
    return cleaned


def _languages(languages: list[dict]) -> list[dict]:
    cleaned = []
    for item in languages:
        language = str(item.get("language", "")).strip().lower()
        cefr = str(item.get("cefr", "")).strip().upper()
        if language not in ISO_639_1:
            raise ValidationError(
                {"languages": _("“%s” is not an ISO 639-1 language code.") % language}
            )
        if cefr not in CEFR_LEVELS:
            raise ValidationError({"languages": _("“%s” is not a CEFR level (A1 to C2).") % cefr})
        cleaned.append({"language": language, "cefr": cefr})
    return cleaned


def _eqf_levels(kind: str, levels: list) -> list[int]:
    if levels and kind != Type.STUDENT_STUDIES:
        raise ValidationError(
            {"eqf_levels": _("EQF levels are given for student mobility for studies only.")}
        )
    if any(not isinstance(level, int) or not 1 <= level <= 8 for level in levels):
        raise ValidationError({"eqf_levels": _("EQF levels are 1 to 8.")})
    return sorted(set(levels))


def _unit(party: AgreementParty, unit: OrganizationUnit | None, field: str) -> None:
    if unit is not None and unit.organization_id != party.organization_id:
        raise ValidationError({field: _("This unit belongs to another organization.")})


def condition_clean(*, version: AgreementVersion, data: dict[str, Any]) -> dict[str, Any]:
    """The condition's fields, checked; a ValidationError names the first bad field."""
    kind = data.get("type")
    if kind not in Type.values:
        raise ValidationError({"type": _("Choose a type of mobility.")})
    parties = set(version.agreement.parties.values_list("pk", flat=True))
    for field in ("sending_party", "receiving_party"):
        party = data.get(field)
        if not isinstance(party, AgreementParty) or party.pk not in parties:
            raise ValidationError({field: _("Choose a party of this agreement.")})
    sending: AgreementParty = data["sending_party"]
    receiving: AgreementParty = data["receiving_party"]
    if sending.pk == receiving.pk:
        raise ValidationError({"receiving_party": _("A condition goes from one party to another.")})
    _unit(sending, data.get("sending_unit"), "sending_unit")
    _unit(receiving, data.get("receiving_unit"), "receiving_unit")
    first = academic_year_check(data.get("first_year", ""), "first_year")
    last = academic_year_check(data.get("last_year", ""), "last_year")
    if last < first:
        raise ValidationError({"last_year": _("The last academic year is before the first.")})
    mobilities = data.get("mobilities_per_year")
    if not isinstance(mobilities, int) or mobilities < 1:
        raise ValidationError({"mobilities_per_year": _("At least one mobility a year.")})
    total = Decimal(str(data.get("total_per_year", 0) or 0))
    if total < 0:
        raise ValidationError({"total_per_year": _("Not a negative number.")})
    for field in ("subject_areas", "eqf_levels", "languages"):
        if len(data.get(field) or []) > MAX_ITEMS:
            raise ValidationError({field: _("At most %d items.") % MAX_ITEMS})
    return {
        **{key: data.get(key) for key in ("sending_unit", "receiving_unit")},
        "type": kind,
        "sending_party": sending,
        "receiving_party": receiving,
        "first_year": data["first_year"],
        "last_year": data["last_year"],
        "mobilities_per_year": mobilities,
        "total_per_year": total,
        "subject_areas": _subject_areas(list(data.get("subject_areas") or [])),
        "eqf_levels": _eqf_levels(kind, list(data.get("eqf_levels") or [])),
        "languages": _languages(list(data.get("languages") or [])),
        "blended": bool(data.get("blended")),
        "other_terms": str(data.get("other_terms") or "")[:5000],
    }


@transaction.atomic
def condition_add(
    *, version: AgreementVersion, actor, data: dict[str, Any]
) -> CooperationCondition:
    """A new condition at the end of an unsigned version."""
    version_require_open(version)
    fields = condition_clean(version=version, data=data)
    last = version.conditions.order_by("-position").values_list("position", flat=True).first()
    condition = CooperationCondition.objects.create(
        version=version, position=(last or 0) + 1, **fields
    )
    map_summary_refresh(agreement_ids=[version.agreement_id])
    audit_record(actor=actor, verb="agreement.condition_added", target=version.agreement)
    return condition


@transaction.atomic
def condition_update(
    *, condition: CooperationCondition, actor, data: dict[str, Any]
) -> CooperationCondition:
    """The condition's terms replaced, while its version is unsigned."""
    version_require_open(condition.version)
    for name, value in condition_clean(version=condition.version, data=data).items():
        setattr(condition, name, value)
    condition.save()
    map_summary_refresh(agreement_ids=[condition.version.agreement_id])
    audit_record(
        actor=actor, verb="agreement.condition_changed", target=condition.version.agreement
    )
    return condition


@transaction.atomic
def condition_delete(*, condition: CooperationCondition, actor) -> None:
    """The condition removed from its unsigned version."""
    version_require_open(condition.version)
    agreement = condition.version.agreement
    condition.delete()
    map_summary_refresh(agreement_ids=[agreement.pk])
    audit_record(actor=actor, verb="agreement.condition_removed", target=agreement)
