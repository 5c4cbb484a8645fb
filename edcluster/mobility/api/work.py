"""Work on cases besides single moves: nominations under an agreement's condition, the
deadline board, bulk moves, messages, intake reviewers, the applicant's own data and the
deletion of an ended case."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.models import User
from edcluster.core.api import In, errors
from edcluster.mobility import selectors, services
from edcluster.mobility.api.applications import WRITE_ERRORS, application_detail
from edcluster.mobility.api.schemas import (
    ApplicationDetailOut,
    ApplicationOut,
    BoardRowOut,
    BulkOut,
    MessageOut,
)

router = Router()


class NominationIn(In):
    condition_id: int
    partner: str = Field("", max_length=100, description="The nominating partner's slug")
    over_quota_reason: str = Field(
        "", max_length=2000, description="Operators only: why the quota is exceeded"
    )


class PartnerNominationIn(In):
    email: str = Field(..., min_length=3, max_length=254, description="The student's e-mail")
    intake_id: int
    condition_id: int
    over_quota_reason: str = Field(
        "", max_length=2000, description="Operators only: why the quota is exceeded"
    )


class BulkMoveIn(In):
    ids: list[Annotated[int, Field(strict=True, ge=1)]] = Field(..., min_length=1, max_length=200)


class MessageIn(In):
    body: str = Field(..., min_length=1, max_length=5000)


class ReviewerIn(In):
    email: str = Field(..., min_length=3, max_length=254)


class EraseIn(In):
    reason: str = Field("", max_length=500)


@router.post(
    "/applications/{application_id}/nomination",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
)
def nominate_application(
    request: AuthenticatedHttpRequest, application_id: int, payload: NominationIn
):
    """Name the nominating partner's agreement condition; its quota of the intake's academic
    year is used (past it: 400 on `condition`, unless an operator gives a reason)."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    partner_id = None
    if payload.partner:
        partner = selectors.organization_by_slug(slug=payload.partner)
        if partner is None:
            raise ValidationError({"partner": _("No organization has this identifier.")})
        partner_id = partner.pk
    application = services.application_nominate(
        application=application,
        actor=request.user,
        condition_id=payload.condition_id,
        partner_id=partner_id,
        over_quota_reason=payload.over_quota_reason,
    )
    return application_detail(request, application)


@router.get("/nominations", response={200: list[ApplicationOut], **errors(401, 422)})
def list_nominations(request: AuthenticatedHttpRequest):
    """The cases the caller's organizations (foreign partners) have nominated, newest first
    (at most 200)."""
    return list(selectors.partner_nominations(user=request.user)[:200])


@router.post("/nominations", response={200: ApplicationDetailOut, **WRITE_ERRORS})
def partner_nominate(request: AuthenticatedHttpRequest, payload: PartnerNominationIn):
    """A foreign partner's staff nominate their student's open application to the intake
    (found by the student's e-mail; 400 on `email` when there is none) under a condition their
    organization sends under (400 on `condition` otherwise or past the quota; operators may
    exceed it with `over_quota_reason`)."""
    application = services.partner_nominate(
        actor=request.user,
        email=payload.email,
        intake_id=payload.intake_id,
        condition_id=payload.condition_id,
        over_quota_reason=payload.over_quota_reason,
    )
    return application_detail(request, application)


class BoardFilters(In):
    within: int | None = Field(
        None, ge=-1, le=366, description="Days ahead (-1: overdue only); all when absent"
    )


@router.get("/deadlines", response={200: list[BoardRowOut], **errors(401, 403, 422)})
def list_deadlines(request: AuthenticatedHttpRequest, filters: Query[BoardFilters]):
    """The office's open cases by their next legal deadline, overdue first; `within` days
    keeps those due by then (overdue included)."""
    within = filters.within
    return [
        {
            "application_id": row.application.pk,
            "event": row.deadline.event,
            "label": row.deadline.label,
            "due_on": row.deadline.due_on,
            "overdue": row.overdue,
            "rule_source": row.deadline.rule.source_text if row.deadline.rule else "",
        }
        for row in selectors.deadline_board(viewer=request.user, within=within)
    ]


@router.post("/cases/move", response={200: BulkOut, **WRITE_ERRORS})
def move_cases(request: AuthenticatedHttpRequest, payload: BulkMoveIn):
    """Each case to its next stage where its preconditions hold; refused ones with why."""
    chosen = list(
        selectors.application_visible(viewer=request.user)
        .filter(pk__in=payload.ids)
        .select_related("host")
        .order_by("pk")
    )
    unseen = sorted(set(payload.ids) - {application.pk for application in chosen})
    result = services.applications_move_next(applications=chosen, actor=request.user)
    refused = [{"id": pk, "reason": reason} for pk, reason in result.refused]
    refused += [{"id": pk, "reason": _("No such case.")} for pk in unseen]
    return {"moved": result.moved, "refused": refused}


@router.get(
    "/applications/{application_id}/messages",
    response={200: list[MessageOut], **errors(401, 404, 422)},
)
def list_messages(request: AuthenticatedHttpRequest, application_id: int):
    application = selectors.access_application(user=request.user, application_id=application_id)
    return list(application.messages.all())


@router.post("/applications/{application_id}/messages", response={201: MessageOut, **WRITE_ERRORS})
def post_message(request: AuthenticatedHttpRequest, application_id: int, payload: MessageIn):
    """A message on the case from the applicant or the host's office."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    message = services.message_send(application=application, author=request.user, body=payload.body)
    return Status(201, message)


@router.post("/intakes/{intake_id}/reviewers", response={204: None, **WRITE_ERRORS})
def assign_reviewer(request: AuthenticatedHttpRequest, intake_id: int, payload: ReviewerIn):
    """Assign a reviewer (by e-mail) to score the intake's cases (the host's editors)."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    reviewer = User.objects.filter(email__iexact=payload.email).first()
    if reviewer is None:
        raise ValidationError({"email": _("Nobody has an account with this e-mail.")})
    services.reviewer_assign(intake=intake, reviewer=reviewer, actor=request.user)
    return Status(204, None)


@router.get("/me/data", response={200: dict, **errors(401)})
def get_own_data(request: AuthenticatedHttpRequest):
    """Everything kept about the caller as an applicant (files listed, not included)."""
    return services.own_data(user=request.user)


@router.post("/applications/{application_id}/erase", response={204: None, **WRITE_ERRORS})
def erase_application(request: AuthenticatedHttpRequest, application_id: int, payload: EraseIn):
    """Delete the caller's ended case (withdrawn, cancelled or rejected, no visa or arrival
    recorded: 400 naming `application` otherwise)."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    services.application_erase(application=application, actor=request.user, reason=payload.reason)
    return HttpResponse(status=204)
