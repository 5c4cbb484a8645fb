"""What a foreign partner's staff nominate under: their organizations' agreement conditions,
the open intakes of the hosts those conditions send to, and the cases they have nominated."""

from django.db.models import QuerySet

from edcluster.accounts.selectors import organization_ids_of
from edcluster.mobility.models import Application, Intake
from edcluster.partnerships.selectors.nominations import nomination_conditions, quota_use_of


def partner_conditions(*, user):
    """The conditions under which one of the user's organizations sends."""
    return nomination_conditions(partner_ids=organization_ids_of(user=user))


def partner_intakes(*, conditions) -> QuerySet[Intake]:
    """Open intakes of the hosts the conditions send to."""
    hosts = {condition.receiving_party.organization_id for condition in conditions}
    return (
        Intake.objects.filter(is_open=True, host__in=hosts)
        .select_related("offering__product", "host")
        .order_by("deadline", "pk")
    )


def partner_nominations(*, user) -> QuerySet[Application]:
    """The cases the user's organizations have nominated, newest first."""
    return (
        Application.objects.filter(nominated_by__in=organization_ids_of(user=user))
        .select_related(
            "intake__offering__product", "host", "applicant", "condition__version__agreement"
        )
        .order_by("-pk")
    )


def conditions_use(*, conditions, years_by_host: dict[int, set[str]]) -> list[tuple]:
    """Each condition with its quota's use in the academic years of its host's open intakes:
    (condition, [(year, used), …])."""
    return [
        (
            condition,
            [
                (year, quota_use_of(condition_id=condition.pk, academic_year=year))
                for year in sorted(years_by_host.get(condition.receiving_party.organization_id, ()))
            ],
        )
        for condition in conditions
    ]


def nominates(*, user) -> bool:
    """Whether the user is staff of a foreign partner that sends under some condition (the
    nominations page answers them; the menu's link): one query."""
    return bool(user.is_authenticated) and partner_conditions(user=user).exists()
