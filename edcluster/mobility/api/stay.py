"""The stay of a case: the dormitory bed (offered by the host's office, answered by the
applicant) and the buddy (assigned by the office among those sharing a language)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Field, Router

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, errors
from edcluster.mobility import selectors, services
from edcluster.mobility.api.applications import WRITE_ERRORS
from edcluster.mobility.api.schemas import BuddyStateOut, StayOut
from edcluster.mobility.models import Accommodation, Application, BuddyMatch

router = Router()
READ_ERRORS = errors(401, 403, 404, 422)


class OfferIn(In):
    dormitory: int = Field(..., description="The host's dormitory (its id)")
    room: str = Field(..., max_length=20)
    from_date: date
    until_date: date


class AnswerIn(In):
    accept: bool


class BuddyIn(In):
    buddy_id: int


def _readable(request, application_id: int) -> Application:
    application = selectors.access_application(user=request.user, application_id=application_id)
    if not selectors.sees_stay(user=request.user, application=application):
        raise PermissionDenied
    return application


def _stay(request, application: Application) -> dict:
    office = selectors.works_cases_of(user=request.user, application=application)
    accommodation = (
        Accommodation.objects.select_related("dormitory").filter(application=application).first()
    )
    dormitories = selectors.dormitories_of(host_id=application.host_id) if office else []
    return {"accommodation": accommodation, "dormitories": list(dormitories)}


def _buddy(request, application: Application) -> dict:
    office = selectors.works_cases_of(user=request.user, application=application)
    match = BuddyMatch.objects.select_related("buddy__user").filter(application=application).first()
    return {
        "buddy": match.buddy if match else None,
        "suggestions": selectors.buddy_suggestions(application) if office else [],
    }


@router.get("/applications/{application_id}/accommodation", response={200: StayOut, **READ_ERRORS})
def get_accommodation(request: AuthenticatedHttpRequest, application_id: int):
    """The bed offered to the case (null until offered)."""
    return _stay(request, _readable(request, application_id))


@router.post(
    "/applications/{application_id}/accommodation", response={200: StayOut, **WRITE_ERRORS}
)
def offer_accommodation(request: AuthenticatedHttpRequest, application_id: int, payload: OfferIn):
    """The host's office offers a bed (again) to a confirmed case, within its planned stay."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    services.accommodation_offer(
        application=application,
        actor=request.user,
        dormitory_id=payload.dormitory,
        room=payload.room,
        from_date=payload.from_date,
        until_date=payload.until_date,
    )
    return _stay(request, application)


@router.post(
    "/applications/{application_id}/accommodation/answer", response={200: StayOut, **WRITE_ERRORS}
)
def answer_accommodation(request: AuthenticatedHttpRequest, application_id: int, payload: AnswerIn):
    """The applicant accepts or declines the bed offered."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    services.accommodation_answer(
        application=application, actor=request.user, accept=payload.accept
    )
    return _stay(request, application)


@router.get("/applications/{application_id}/buddy", response={200: BuddyStateOut, **READ_ERRORS})
def get_buddy(request: AuthenticatedHttpRequest, application_id: int):
    """The case's buddy (null until assigned) and, for the office, the suggestions."""
    return _buddy(request, _readable(request, application_id))


@router.post("/applications/{application_id}/buddy", response={200: BuddyStateOut, **WRITE_ERRORS})
def assign_buddy(request: AuthenticatedHttpRequest, application_id: int, payload: BuddyIn):
    """The host's office assigns a buddy of the host sharing one of the applicant's languages."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    services.buddy_assign(application=application, actor=request.user, buddy_id=payload.buddy_id)
    return _buddy(request, application)
