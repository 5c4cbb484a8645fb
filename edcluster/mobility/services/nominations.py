"""Nominations: an application named by a foreign partner under a cooperation condition of
an agreement (issue 19) takes one place of the condition's quota for the intake's academic
year; past the quota it is refused, unless an operator gives a reason. A case that ends
(withdrawn, cancelled, rejected) gives its place back."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.accounts.selectors import organization_ids_of
from edcluster.core.services import audit_record
from edcluster.mobility.models import Application, Category, Intake, Stage
from edcluster.mobility.pipeline import CLOSED
from edcluster.mobility.selectors import works_cases_of
from edcluster.partnerships.selectors.nominations import (
    NOMINATING_STATUSES,
    nomination_condition,
)
from edcluster.partnerships.services.quota_use import quota_give_back, quota_take

STAFF_CATEGORIES = (Category.TEACHER, Category.SCIENTIST)


def academic_year_of(intake: Intake) -> str:
    """The academic year the intake's run starts in (one starting from August on is the
    next year's): 2026-09-01 → 2026/2027, 2027-02-01 → 2026/2027."""
    starts = intake.offering.starts_on
    first = starts.year if starts.month >= 8 else starts.year - 1
    return f"{first}/{first + 1}"


def _condition_checked(application: Application, condition_id: int, partner_id: int | None):
    condition = nomination_condition(condition_id=condition_id)
    if condition is None:
        raise ValidationError({"condition": _("No agreement condition has this id.")})
    sending = condition.sending_party.organization_id
    if partner_id is not None and sending != partner_id:
        raise ValidationError(
            {"condition": _("This condition is not one of the nominating partner's.")}
        )
    if condition.receiving_party.organization_id != application.host_id:
        raise ValidationError({"condition": _("This condition does not send to the host.")})
    if condition.version.agreement.status not in NOMINATING_STATUSES:
        raise ValidationError({"condition": _("The condition's agreement is not in effect.")})
    if condition.is_student == (application.category in STAFF_CATEGORIES):
        raise ValidationError(
            {"condition": _("The condition's kind of mobility does not fit the category.")}
        )
    return condition


def may_nominate(*, user, application: Application, partner_id: int | None = None) -> bool:
    """The applicant (when applying), the host's office, operators, and the staff of the
    nominating partner (`partner_id`) for a case no other partner has nominated."""
    if application.applicant_id == user.pk or works_cases_of(user=user, application=application):
        return True
    if partner_id is None or application.nominated_by_id not in (None, partner_id):
        return False
    return organization_ids_of(user=user).filter(organization_id=partner_id).exists()


@transaction.atomic
def application_nominate(
    *,
    application: Application,
    actor,
    condition_id: int,
    partner_id: int | None = None,
    over_quota_reason: str = "",
) -> Application:
    """Name the nominating partner and the condition; the condition's quota of the intake's
    academic year is taken (a previous nomination's place is given back)."""
    application = (
        Application.objects.select_for_update()
        .select_related("intake__offering")
        .get(pk=application.pk)
    )
    if not may_nominate(user=actor, application=application, partner_id=partner_id):
        raise PermissionDenied
    if application.stage in CLOSED:
        raise ValidationError({"condition": _("The case is closed.")})
    over_quota_reason = over_quota_reason.strip()
    if over_quota_reason and not actor.is_operator:
        raise ValidationError(
            {"over_quota_reason": _("Only an operator may nominate over the quota.")}
        )
    condition = _condition_checked(application, condition_id, partner_id)
    if application.condition is not None:
        quota_give_back(
            condition=application.condition,
            academic_year=application.academic_year,
            actor=actor,
        )
    year = academic_year_of(application.intake)
    quota_take(
        condition=condition, academic_year=year, actor=actor, over_quota=bool(over_quota_reason)
    )
    application.nominated_by_id = condition.sending_party.organization_id
    application.condition = condition
    application.academic_year = year
    application.over_quota_reason = over_quota_reason
    application.save(
        update_fields=["nominated_by", "condition", "academic_year", "over_quota_reason"]
    )
    audit_record(
        actor=actor,
        verb="mobility.nominated",
        target=application,
        data={"condition": condition.pk, "year": year, "over_quota": bool(over_quota_reason)},
    )
    return application


def partner_nominate(
    *, actor, email: str, intake_id: int, condition_id: int, over_quota_reason: str = ""
) -> Application:
    """A foreign partner's staff nominate their student's open application to an intake (found
    by the student's e-mail) under a condition their organization sends under; the quota rules
    are `application_nominate`'s (past the quota: refused; only operators exceed it)."""
    condition = nomination_condition(condition_id=condition_id)
    partner_id = condition.sending_party.organization_id if condition else None
    if partner_id is None or not (
        actor.is_operator
        or organization_ids_of(user=actor).filter(organization_id=partner_id).exists()
    ):
        raise ValidationError(
            {"condition": _("Choose a condition your organization nominates under.")}
        )
    application = (
        Application.objects.filter(applicant__email__iexact=email.strip(), intake_id=intake_id)
        .exclude(stage__in=CLOSED)
        .order_by("-pk")
        .first()
    )
    if application is None:
        raise ValidationError({"email": _("No open application to this intake has this e-mail.")})
    if application.nominated_by_id not in (None, partner_id) and not actor.is_operator:
        raise ValidationError({"email": _("Another partner has nominated this application.")})
    return application_nominate(
        application=application,
        actor=actor,
        condition_id=condition_id,
        partner_id=partner_id,
        over_quota_reason=over_quota_reason,
    )


def holds_place(application: Application) -> bool:
    """Whether the case keeps its nomination's place: open and not rejected."""
    if application.stage in (Stage.WITHDRAWN, Stage.CANCELLED):
        return False
    return not (
        application.stage == Stage.DECIDED and application.decision == Application.Decision.REJECTED
    )


def nomination_follow(application: Application, *, held_before: bool, actor) -> None:
    """After a move: a case that ended gives its place back; one taken up again (reopened,
    reviewed again) takes it again, past the quota only for operators."""
    condition = application.condition
    if condition is None:
        return
    holds = holds_place(application)
    if held_before and not holds:
        quota_give_back(condition=condition, academic_year=application.academic_year, actor=actor)
    elif holds and not held_before:
        quota_take(
            condition=condition,
            academic_year=application.academic_year,
            actor=actor,
            over_quota=actor.is_operator,
        )
