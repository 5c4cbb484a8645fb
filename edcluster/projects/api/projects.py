"""Projects: list, create, read, change, move their status, start one from a proposal."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.api import FormBool, In, Pages, api_enum, errors
from edcluster.organizations.models import FieldOfEducation, Organization
from edcluster.projects import selectors, services
from edcluster.projects.api.schemas import ProjectDetailOut, ProjectOut
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    JointProgramme,
    Participant,
    Project,
)

router = Router()

Kind = api_enum("ProjectKind", Project.Kind)
ProjectStatus = api_enum("ProjectStatus", Project.Status)
Role = api_enum("ParticipantRole", Participant.Role)
DeliverableKind = api_enum("DeliverableKind", Deliverable.Kind)
Stage = api_enum("ProductStage", Product.Stage)
Category = api_enum("BudgetCategory", BudgetLine.Category)
Source = api_enum("BudgetSource", BudgetLine.Source)
Scheme = api_enum("ProgrammeScheme", JointProgramme.Scheme)
Money = Field(None, ge=-(10**12), le=10**12, max_digits=14, decimal_places=2)


class ProjectChangeIn(In):
    kind: Kind | None = None  # type: ignore[valid-type]
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    summary_ru: str | None = Field(None, max_length=10_000)
    summary_en: str | None = Field(None, max_length=10_000)
    starts_on: date | None = None
    ends_on: date | None = None
    field: str | None = Field(None, max_length=10, description="ISCED-F code")
    sources: str | None = Field(None, max_length=5000)
    is_public: bool | None = None


class ProjectIn(ProjectChangeIn):
    lead: str = Field(..., min_length=1, max_length=100, description="The lead member's slug")
    kind: Kind  # type: ignore[valid-type]
    starts_on: date
    ends_on: date


class StatusIn(In):
    status: ProjectStatus  # type: ignore[valid-type]
    on: date
    reason: str = Field("", max_length=5000)


class StartIn(In):
    starts_on: date
    ends_on: date


class Filters(In):
    q: str = Field("", max_length=200)
    kind: Kind | None = None  # type: ignore[valid-type]
    status: ProjectStatus | None = None  # type: ignore[valid-type]
    organization: str = Field("", max_length=100)
    mine: FormBool = False


def _organization(slug: str, field: str) -> Organization:
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("No organization has this short address.")})
    return found


def _project_fields(payload: In) -> dict:
    given = payload.dict(exclude_unset=True, exclude={"lead"})
    if "field" in given:
        code = given["field"]
        given["field"] = FieldOfEducation.objects.filter(code=code).first() if code else None
        if code and given["field"] is None:
            raise ValidationError({"field": _("No ISCED-F field has this code.")})
    for name in ("title_ru", "title_en", "summary_ru", "summary_en", "sources"):
        if name in given and given[name] is None:
            given[name] = ""
    return {key: (str(value) if key == "kind" else value) for key, value in given.items()}


def _detail(request, project_id: int) -> Project:
    return selectors.access_project(user=request.user, project_id=project_id)


@router.get(
    "", response={200: list[ProjectOut], **errors(422)}, auth=OPTIONAL, openapi_extra=PUBLIC_OPENAPI
)
@paginate(Pages)
def list_projects(request, filters: Query[Filters]):
    """Projects the caller may read: public ones for anyone, the others for their participants'
    staff and operators; newest first."""
    return selectors.project_list(
        viewer=request.user,
        query=filters.q,
        kind=str(filters.kind or ""),
        status=str(filters.status or ""),
        organization=filters.organization,
        mine=filters.mine,
    )


@router.post("", response={201: ProjectDetailOut, **errors(400, 401, 403, 422)})
def create_project(request: AuthenticatedHttpRequest, payload: ProjectIn):
    """A project led by a member where the caller edits (operators: any admitted member)."""
    lead = _organization(payload.lead, "lead")
    if not selectors.lead_candidates(user=request.user).filter(pk=lead.pk).exists():
        if lead.status != Organization.Status.ADMITTED and request.user.is_operator:
            raise ValidationError(
                {"lead": _("The lead must be an admitted member of the cluster.")}
            )
        raise PermissionDenied
    project = services.project_create(
        lead=lead, actor=request.user, fields=_project_fields(payload)
    )
    return Status(201, _detail(request, project.pk))


@router.get(
    "/{project_id}",
    response={200: ProjectDetailOut, **errors(404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_project(request, project_id: int):
    """One project with its participants, milestones, deliverables, budget and history."""
    return _detail(request, project_id)


@router.patch("/{project_id}", response={200: ProjectDetailOut, **errors(400, 401, 403, 404, 422)})
def update_project(request: AuthenticatedHttpRequest, project_id: int, payload: ProjectChangeIn):
    """Change the given fields (the lead's editors and operators)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    services.project_update(project=project, actor=request.user, fields=_project_fields(payload))
    return _detail(request, project_id)


@router.post(
    "/{project_id}/status", response={200: ProjectDetailOut, **errors(400, 401, 403, 404, 422)}
)
def move_project(request: AuthenticatedHttpRequest, project_id: int, payload: StatusIn):
    """Move the status, dated, with a reason (required to suspend or cancel)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    services.project_move(
        project=project,
        actor=request.user,
        to=str(payload.status),
        on=payload.on,
        reason=payload.reason,
    )
    return _detail(request, project_id)


@router.post(
    "/from-proposal/{proposal_id}",
    response={201: ProjectDetailOut, **errors(400, 401, 403, 404, 422)},
)
def start_from_proposal(request: AuthenticatedHttpRequest, proposal_id: int, payload: StartIn):
    """Start a product development project from an accepted proposal: its product's owners
    become participants, its draft product the first deliverable."""
    proposal = selectors.access_proposal_to_start(user=request.user, proposal_id=proposal_id)
    project = services.project_start_from_proposal(
        proposal=proposal, actor=request.user, starts_on=payload.starts_on, ends_on=payload.ends_on
    )
    return Status(201, _detail(request, project.pk))
