"""The scoresheet: operators' edits make a new version; reviews keep the version they used."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.quality.models import CriteriaSet, Criterion


def _criterion_check(row: dict) -> None:
    code = row.get("code")
    if code not in Criterion.Code.values:
        raise ValidationError({"criteria": _("Unknown criterion: %(code)s.") % {"code": code}})
    weight = Decimal(str(row.get("weight", 0)))
    if not Decimal(0) < weight <= Decimal(10):
        raise ValidationError({f"weight_{code}": _("A weight is more than 0 and at most 10.")})
    for language in ("ru", "en"):
        texts = [str(text).strip() for text in row.get(f"descriptors_{language}", [])]
        if len(texts) != 5 or not all(texts):
            raise ValidationError(
                {f"descriptors_{language}_{code}": _("Describe each of the five scores, 1 to 5.")}
            )


@transaction.atomic
def criteria_set_create(*, actor, criteria: list[dict], note: str = "") -> CriteriaSet:
    """The next version of the scoresheet: every criterion once, a weight, five descriptors in
    Russian and in English."""
    codes = [row.get("code") for row in criteria]
    if sorted(map(str, codes)) != sorted(Criterion.Code.values):
        raise ValidationError({"criteria": _("Give every criterion exactly once.")})
    for row in criteria:
        _criterion_check(row)
    latest = CriteriaSet.objects.select_for_update().aggregate(top=Max("version"))["top"] or 0
    criteria_set = CriteriaSet.objects.create(version=latest + 1, note=note, created_by=actor)
    order = {code: position for position, code in enumerate(Criterion.Code.values)}
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=criteria_set,
            code=row["code"],
            position=order[row["code"]],
            weight=Decimal(str(row["weight"])),
            descriptors_ru=[str(text).strip() for text in row["descriptors_ru"]],
            descriptors_en=[str(text).strip() for text in row["descriptors_en"]],
        )
        for row in criteria
    )
    audit_record(actor=actor, verb="quality.criteria_set_created", target=criteria_set)
    return criteria_set
