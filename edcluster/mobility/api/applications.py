"""Applications: the caller's (applicants), their member's (office), all (operators); a
draft started on an intake; moves through the pipeline (409 with the allowed ones); the
checklist's uploads and checks; files served to those who may read the case."""

import functools
from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.mobility import selectors, services
from edcluster.mobility.api.schemas import ApplicationDetailOut, ApplicationOut, DocumentOut
from edcluster.mobility.models import Application, Category, Criterion, Stage, Visa
from edcluster.mobility.views_files import file_response

router = Router()
CategoryEnum = api_enum("MobilityCategory", Category)
StageEnum = api_enum("MobilityStage", Stage)
DecisionEnum = api_enum("MobilityDecision", Application.Decision)
ReasonEnum = api_enum("MobilityDecisionReason", Application.Reason)
EntriesEnum = api_enum("VisaEntries", Visa.Entries)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


class ApplicationFilters(In):
    stage: StageEnum | None = None  # type: ignore[valid-type]
    mine: bool = False


class ApplicationIn(In):
    intake_id: int
    category: CategoryEnum  # type: ignore[valid-type]
    planned_arrival: date
    planned_departure: date
    condition_id: int | None = Field(
        None, description="A partner's nomination under this agreement condition (its quota)"
    )


class TransitionIn(In):
    to: str = Field(..., max_length=24, description="A stage, or `reopen` (operators)")
    reason: str = Field("", max_length=5000)
    decision: DecisionEnum | None = None  # type: ignore[valid-type]
    decision_reason: ReasonEnum | None = None  # type: ignore[valid-type]
    reasons: str = Field("", max_length=5000, description="The decision's reasons")
    requested_on: date | None = None
    number: str = Field("", max_length=40, description="The invitation's number")
    issued_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    entries: EntriesEnum | None = None  # type: ignore[valid-type]
    border_date: date | None = None
    address: str = Field("", max_length=300)
    receiving_party: str = Field("", max_length=200)
    registered_on: date | None = None
    valid_until: date | None = None
    order_number: str = Field("", max_length=40)
    order_date: date | None = None


class CheckIn(In):
    accept: bool
    reason: str = Field("", max_length=2000)


class ScoreIn(In):
    criterion_id: int
    value: int = Field(..., ge=0, le=10)


def moves_409(view: Callable) -> Callable:
    """A move the stage does not allow becomes 409 naming the allowed ones."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.MoveNotAllowed as refused:
            return Status(409, {"detail": str(refused), "errors": {"to": refused.allowed}})

    return answer


def application_detail(request, application: Application) -> Application:
    """A case with its history, deadlines, checklist and the caller's allowed moves."""
    deadlines, calendar = selectors.application_deadlines(application)
    warning = services.passport_warning(application)
    vars(application).update(
        stage_history=list(selectors.application_history(application)),
        deadlines=deadlines,
        checklist=list(application.documents.defer("content")),
        allowed_moves=selectors.allowed_moves(user=request.user, application=application),
        warnings=[warning] if warning else [],
        weekends_only_years=sorted(calendar.missing_years),
    )
    return application


@router.get("/applications", response={200: list[ApplicationOut], **errors(401, 422)})
@paginate(Pages)
def list_applications(request: AuthenticatedHttpRequest, filters: Query[ApplicationFilters]):
    """Cases the caller may read: their own, their member's, or (operators) all; newest first."""
    return selectors.application_list(
        viewer=request.user, stage=str(filters.stage or ""), mine=filters.mine
    )


@router.post("/applications", response={201: ApplicationDetailOut, **WRITE_ERRORS})
def create_application(request: AuthenticatedHttpRequest, payload: ApplicationIn):
    """Start a draft application to an open intake (the applicant profile first)."""
    intake = selectors.access_intake(user=request.user, intake_id=payload.intake_id)
    application = services.application_create(
        applicant=request.user,
        intake=intake,
        category=str(payload.category),
        planned_arrival=payload.planned_arrival,
        planned_departure=payload.planned_departure,
        condition_id=payload.condition_id,
    )
    return Status(201, application_detail(request, application))


@router.get(
    "/applications/{application_id}", response={200: ApplicationDetailOut, **errors(401, 404, 422)}
)
def get_application(request: AuthenticatedHttpRequest, application_id: int):
    application = selectors.access_application(user=request.user, application_id=application_id)
    return application_detail(request, application)


@router.post(
    "/applications/{application_id}/transition",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
)
@moves_409
def transition_application(
    request: AuthenticatedHttpRequest, application_id: int, payload: TransitionIn
):
    """Move the case to a stage (`to`) with what the move records; 409 lists allowed moves."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    data = {key: value for key, value in payload.dict().items() if value not in (None, "")}
    data = {
        key: str(value) if key in ("decision", "decision_reason", "entries") else value
        for key, value in data.items()
    }
    application = services.application_move(
        application=application, to=payload.to, actor=request.user, data=data
    )
    return application_detail(request, application)


@router.post(
    "/applications/{application_id}/documents/{document_id}",
    response={200: DocumentOut, **WRITE_ERRORS},
)
def upload_document(
    request: AuthenticatedHttpRequest,
    application_id: int,
    document_id: int,
    file: File[UploadedFile],
):
    """Upload a checklist line's file (PDF, JPEG or PNG, at most 10 MB)."""
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    content = file.read(services.MAX_BYTES + 1)
    return services.document_upload(
        document=document, actor=request.user, file_name=file.name or "", content=content
    )


@router.post(
    "/applications/{application_id}/documents/{document_id}/check",
    response={200: DocumentOut, **WRITE_ERRORS},
)
def check_document(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int, payload: CheckIn
):
    """Accept an uploaded file or reject it with a reason (the host's office)."""
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    return services.document_check(
        document=document, actor=request.user, accept=payload.accept, reason=payload.reason
    )


@router.get(
    "/applications/{application_id}/documents/{document_id}/file",
    response={200: bytes, **errors(400, 401, 404, 422)},
)
def get_document_file(request: AuthenticatedHttpRequest, application_id: int, document_id: int):
    """The file (an attachment, never cached); each read is audited."""
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    return file_response(document, services.document_read(document=document, actor=request.user))


@router.post(
    "/applications/{application_id}/scores", response={200: ApplicationOut, **WRITE_ERRORS}
)
def score_application(request: AuthenticatedHttpRequest, application_id: int, payload: ScoreIn):
    """An assigned reviewer's score (0–10) on a criterion of the intake's scoresheet."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    if not selectors.reviews_intake(user=request.user, intake_id=application.intake_id):
        raise PermissionDenied
    criterion = Criterion.objects.filter(pk=payload.criterion_id, intake=application.intake).first()
    if criterion is None:
        raise ValidationError({"criterion_id": _("No criterion of this intake has this id.")})
    services.score_set(
        application=application, criterion=criterion, reviewer=request.user, value=payload.value
    )
    return application
