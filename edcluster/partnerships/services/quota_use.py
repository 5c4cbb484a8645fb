"""A condition's yearly quota taken and given back one mobility at a time, by the mobility
app's nominations (hand-entered use, `quota_use_set`, counts the same rows). Over the quota
only when the caller says so (an operator with a reason, checked by the caller); audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.partnerships.models import CooperationCondition, QuotaUse


@transaction.atomic
def quota_take(
    *, condition: CooperationCondition, academic_year: str, actor, over_quota: bool = False
) -> QuotaUse:
    """One mobility of the condition's quota of the academic year; refused (naming
    `condition`) when the year is outside the condition or its quota is used up."""
    if academic_year not in condition.years:
        raise ValidationError(
            {
                "condition": _("The condition covers %(first)s to %(last)s, not %(year)s.")
                % {
                    "first": condition.first_year,
                    "last": condition.last_year,
                    "year": academic_year,
                }
            }
        )
    use, _created = QuotaUse.objects.select_for_update().get_or_create(
        condition=condition, academic_year=academic_year
    )
    if use.used >= condition.mobilities_per_year and not over_quota:
        raise ValidationError(
            {
                "condition": _(
                    "The condition's quota of %(quota)d for %(year)s is used up (%(used)d)."
                )
                % {"quota": condition.mobilities_per_year, "year": academic_year, "used": use.used}
            }
        )
    use.used += 1
    use.save(update_fields=["used"])
    _audit(actor, condition, academic_year, use.used)
    return use


@transaction.atomic
def quota_give_back(*, condition: CooperationCondition, academic_year: str, actor) -> None:
    """A nomination that ended (withdrawn, cancelled, rejected) frees its place."""
    use = (
        QuotaUse.objects.select_for_update()
        .filter(condition=condition, academic_year=academic_year)
        .first()
    )
    if use is None or use.used == 0:
        return
    use.used -= 1
    use.save(update_fields=["used"])
    _audit(actor, condition, academic_year, use.used)


def _audit(actor, condition: CooperationCondition, academic_year: str, used: int) -> None:
    audit_record(
        actor=actor,
        verb="agreement.quota_used",
        target=condition.version.agreement,
        data={"condition": condition.pk, "year": academic_year, "used": used},
    )
