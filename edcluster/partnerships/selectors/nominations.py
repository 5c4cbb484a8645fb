"""Reads for nominations of students and staff to a member under an agreement's cooperation
condition (read by the mobility app): the conditions a partner may nominate under to a host,
and how much of a condition's yearly quota is used."""

from django.db.models import QuerySet

from edcluster.partnerships.models import Agreement, CooperationCondition, QuotaUse

NOMINATING_STATUSES = (Agreement.Status.AWAITING, Agreement.Status.IN_EFFECT)


def nomination_conditions(
    *, host_id: int | None = None, partner_id: int | None = None, partner_ids=None
) -> QuerySet[CooperationCondition]:
    """Conditions to the host (receiving; any when not given) from a partner (sending; any
    when not given, or one of `partner_ids`, a list or a query of ids) of agreements awaiting
    signatures or in effect, with their agreement and parties."""
    conditions = CooperationCondition.objects.filter(
        version__agreement__status__in=NOMINATING_STATUSES
    )
    if host_id is not None:
        conditions = conditions.filter(receiving_party__organization_id=host_id)
    if partner_id is not None:
        conditions = conditions.filter(sending_party__organization_id=partner_id)
    if partner_ids is not None:
        conditions = conditions.filter(sending_party__organization_id__in=partner_ids)
    return conditions.select_related(
        "version__agreement",
        "sending_party__organization",
        "receiving_party__organization",
    ).order_by("version__agreement__code", "position", "pk")


def nomination_condition(*, condition_id: int) -> CooperationCondition | None:
    """A condition by its id with its agreement and parties' organizations (None if unknown)."""
    return (
        CooperationCondition.objects.select_related(
            "version__agreement",
            "sending_party__organization",
            "receiving_party__organization",
        )
        .filter(pk=condition_id)
        .first()
    )


def quota_use_of(*, condition_id: int, academic_year: str) -> int:
    """The mobilities of the condition's quota used in the academic year."""
    used = (
        QuotaUse.objects.filter(condition_id=condition_id, academic_year=academic_year)
        .values_list("used", flat=True)
        .first()
    )
    return used or 0


def quota_uses(*, condition_ids: list[int], academic_year: str) -> dict[int, int]:
    """The mobilities used in the academic year of each of the conditions (one query; a
    condition with none used is left out)."""
    return dict(
        QuotaUse.objects.filter(
            condition_id__in=condition_ids, academic_year=academic_year
        ).values_list("condition_id", "used")
    )
