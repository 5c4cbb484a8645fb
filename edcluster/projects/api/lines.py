"""A project's lines: participants, milestones, deliverables, budget lines, and the
particulars of programmes and laboratories. The lead's editors change every line; another
participant's editors their own participant row, budget lines and deliverables."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import StrictInt

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.api import In, api_enum, errors
from edcluster.organizations.models import Organization
from edcluster.partnerships.models import Agreement
from edcluster.projects import selectors, services
from edcluster.projects.api.schemas import ProjectDetailOut
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    JointProgramme,
    Participant,
    Project,
)

router = Router()

Role = api_enum("ParticipantRole", Participant.Role)
DeliverableKind = api_enum("DeliverableKind", Deliverable.Kind)
Stage = api_enum("ProductStage", Product.Stage)
Category = api_enum("BudgetCategory", BudgetLine.Category)
Source = api_enum("BudgetSource", BudgetLine.Source)
Scheme = api_enum("ProgrammeScheme", JointProgramme.Scheme)
Money = Field(None, ge=-(10**12), le=10**12, max_digits=14, decimal_places=2)
WRITE = errors(400, 401, 403, 404, 422)


class ParticipantIn(In):
    organization: str = Field(..., min_length=1, max_length=100)
    role: Role  # type: ignore[valid-type]
    tasks_ru: str = Field("", max_length=5000)
    tasks_en: str = Field("", max_length=5000)


class ParticipantChangeIn(In):
    role: Role | None = None  # type: ignore[valid-type]
    tasks_ru: str | None = Field(None, max_length=5000)
    tasks_en: str | None = Field(None, max_length=5000)


class MilestoneIn(In):
    title_ru: str = Field("", max_length=300)
    title_en: str = Field("", max_length=300)
    due_on: date
    done_on: date | None = None


class MilestoneChangeIn(In):
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    due_on: date | None = None
    done_on: date | None = None


class DeliverableChangeIn(In):
    milestone: StrictInt | None = Field(None, ge=1, le=2**31 - 1)
    participant: StrictInt | None = Field(None, ge=1, le=2**31 - 1)
    kind: DeliverableKind | None = None  # type: ignore[valid-type]
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    product: str | None = Field(None, max_length=100, description="The product's slug")
    target_stage: Stage | None = None  # type: ignore[valid-type]
    done_on: date | None = None


class DeliverableIn(DeliverableChangeIn):
    milestone: StrictInt = Field(..., ge=1, le=2**31 - 1)
    participant: StrictInt = Field(..., ge=1, le=2**31 - 1)
    kind: DeliverableKind  # type: ignore[valid-type]


class BudgetLineChangeIn(In):
    participant: StrictInt | None = Field(None, ge=1, le=2**31 - 1)
    year: StrictInt | None = Field(None, ge=1990, le=2100)
    category: Category | None = None  # type: ignore[valid-type]
    source: Source | None = None  # type: ignore[valid-type]
    planned: Decimal | None = Money
    spent: Decimal | None = Money
    currency: str | None = Field(None, max_length=3)
    note: str | None = Field(None, max_length=300)


class BudgetLineIn(BudgetLineChangeIn):
    participant: StrictInt = Field(..., ge=1, le=2**31 - 1)
    year: StrictInt = Field(..., ge=1990, le=2100)
    category: Category  # type: ignore[valid-type]
    source: Source  # type: ignore[valid-type]
    planned: Decimal = Field(..., ge=-(10**12), le=10**12, max_digits=14, decimal_places=2)
    currency: str = Field(..., max_length=3)


class TrackIn(In):
    participant: StrictInt = Field(..., ge=1, le=2**31 - 1)
    years: Decimal = Field(..., ge=0, le=10, max_digits=3, decimal_places=1)
    diploma_ru: str = Field("", max_length=300)
    diploma_en: str = Field("", max_length=300)


class ProgrammeIn(In):
    scheme: Scheme  # type: ignore[valid-type]
    languages: list[str] = Field(default_factory=list, max_length=20)
    intake_per_year: StrictInt | None = Field(None, ge=0, le=100_000)
    products: list[str] = Field(default_factory=list, max_length=50)
    tracks: list[TrackIn] = Field(default_factory=list, max_length=20)
    agreement: StrictInt | None = None  # the id of the partnerships agreement it runs under


class LaboratoryIn(In):
    host: str = Field(..., min_length=1, max_length=100)
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=120)
    research_areas_ru: str = Field("", max_length=5000)
    research_areas_en: str = Field("", max_length=5000)
    opened_on: date | None = None


class OutputIn(In):
    publications: StrictInt = Field(0, ge=0, le=1_000_000)
    patents: StrictInt = Field(0, ge=0, le=1_000_000)
    theses: StrictInt = Field(0, ge=0, le=1_000_000)
    students: StrictInt = Field(0, ge=0, le=1_000_000)
    note: str = Field("", max_length=500)


class DeletedOut(Schema):
    deleted: bool = True


def _organization(slug: str, field: str) -> Organization:
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("No organization has this short address.")})
    return found


def _detail(request, project_id: int) -> Project:
    return selectors.access_project(user=request.user, project_id=project_id)


def _enums(given: dict) -> dict:
    return {k: (str(v) if hasattr(v, "value") else v) for k, v in given.items()}


def _own_participant(request, project: Project, participant_id: int) -> Participant:
    """A participant of the project whose lines the caller may change (400 when it is not of
    the project, 403 when it is not the caller's)."""
    participant = project.participants.filter(pk=participant_id).first()
    if participant is None:
        raise ValidationError({"participant": _("The participant is not of this project.")})
    participant.project = project
    if not selectors.can_edit_participant(user=request.user, participant=participant):
        raise PermissionDenied
    return participant


# Participants ----------------------------------------------------------------------------


@router.post("/{project_id}/participants", response={201: ProjectDetailOut, **WRITE})
def add_participant(request: AuthenticatedHttpRequest, project_id: int, payload: ParticipantIn):
    """Add a participant (the lead's editors); a second lead is a 400."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    organization = _organization(payload.organization, "organization")
    services.participant_add(
        project=project,
        organization=organization,
        actor=request.user,
        fields=_enums(payload.dict(exclude={"organization"})),
    )
    return 201, _detail(request, project_id)


@router.patch(
    "/{project_id}/participants/{participant_id}", response={200: ProjectDetailOut, **WRITE}
)
def update_participant(
    request: AuthenticatedHttpRequest,
    project_id: int,
    participant_id: int,
    payload: ParticipantChangeIn,
):
    """Change a participant's tasks (its own editors too) or role (the lead's editors)."""
    participant = selectors.access_participant(
        user=request.user, project_id=project_id, participant_id=participant_id, for_write=True
    )
    fields = _enums(payload.dict(exclude_unset=True))
    if "role" in fields and not selectors.can_edit_project(
        user=request.user, project=participant.project
    ):
        raise PermissionDenied
    services.participant_update(participant=participant, actor=request.user, fields=fields)
    return _detail(request, project_id)


@router.delete("/{project_id}/participants/{participant_id}", response={200: DeletedOut, **WRITE})
def remove_participant(request: AuthenticatedHttpRequest, project_id: int, participant_id: int):
    """Take a participant out with its lines (the lead's editors; never the lead)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    participant = selectors.access_participant(
        user=request.user, project_id=project.pk, participant_id=participant_id
    )
    services.participant_remove(participant=participant, actor=request.user)
    return DeletedOut()


# Milestones ------------------------------------------------------------------------------


@router.post("/{project_id}/milestones", response={201: ProjectDetailOut, **WRITE})
def add_milestone(request: AuthenticatedHttpRequest, project_id: int, payload: MilestoneIn):
    """Add a milestone, due within the project's dates (the lead's editors)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    services.milestone_add(project=project, actor=request.user, fields=payload.dict())
    return 201, _detail(request, project_id)


@router.patch("/{project_id}/milestones/{milestone_id}", response={200: ProjectDetailOut, **WRITE})
def update_milestone(
    request: AuthenticatedHttpRequest,
    project_id: int,
    milestone_id: int,
    payload: MilestoneChangeIn,
):
    """Change a milestone; `done_on` marks it done (the lead's editors)."""
    milestone = selectors.access_milestone(
        user=request.user, project_id=project_id, milestone_id=milestone_id, for_write=True
    )
    services.milestone_update(
        milestone=milestone, actor=request.user, fields=payload.dict(exclude_unset=True)
    )
    return _detail(request, project_id)


@router.delete("/{project_id}/milestones/{milestone_id}", response={200: DeletedOut, **WRITE})
def remove_milestone(request: AuthenticatedHttpRequest, project_id: int, milestone_id: int):
    """Remove a milestone with its deliverables (the lead's editors)."""
    milestone = selectors.access_milestone(
        user=request.user, project_id=project_id, milestone_id=milestone_id, for_write=True
    )
    services.milestone_remove(milestone=milestone, actor=request.user)
    return DeletedOut()


# Deliverables ----------------------------------------------------------------------------


def _deliverable_fields(project: Project, payload: In) -> dict:
    given = _enums(payload.dict(exclude_unset=True, exclude={"participant"}))
    if "milestone" in given:
        given["milestone"] = project.milestones.filter(pk=given["milestone"]).first()
        if given["milestone"] is None:
            raise ValidationError({"milestone": _("The milestone is not of this project.")})
    if "product" in given:
        slug = given["product"]
        given["product"] = Product.objects.filter(slug=slug).first() if slug else None
        if slug and given["product"] is None:
            raise ValidationError({"product": _("No product has this short address.")})
    for name in ("title_ru", "title_en", "target_stage"):
        if name in given and given[name] is None:
            given[name] = ""
    return given


@router.post("/{project_id}/deliverables", response={201: ProjectDetailOut, **WRITE})
def add_deliverable(request: AuthenticatedHttpRequest, project_id: int, payload: DeliverableIn):
    """Add a deliverable for a participant whose lines the caller changes."""
    project = selectors.access_project_lines(user=request.user, project_id=project_id)
    participant = _own_participant(request, project, payload.participant)
    services.deliverable_add(
        project=project,
        participant=participant,
        actor=request.user,
        fields=_deliverable_fields(project, payload),
    )
    return 201, _detail(request, project_id)


@router.patch(
    "/{project_id}/deliverables/{deliverable_id}", response={200: ProjectDetailOut, **WRITE}
)
def update_deliverable(
    request: AuthenticatedHttpRequest,
    project_id: int,
    deliverable_id: int,
    payload: DeliverableChangeIn,
):
    """Change a deliverable (its participant's editors and the lead's)."""
    deliverable = selectors.access_deliverable(
        user=request.user, project_id=project_id, deliverable_id=deliverable_id, for_write=True
    )
    project = deliverable.participant.project
    participant = (
        _own_participant(request, project, payload.participant) if payload.participant else None
    )
    services.deliverable_update(
        deliverable=deliverable,
        actor=request.user,
        fields=_deliverable_fields(project, payload),
        participant=participant,
    )
    return _detail(request, project_id)


@router.delete("/{project_id}/deliverables/{deliverable_id}", response={200: DeletedOut, **WRITE})
def remove_deliverable(request: AuthenticatedHttpRequest, project_id: int, deliverable_id: int):
    deliverable = selectors.access_deliverable(
        user=request.user, project_id=project_id, deliverable_id=deliverable_id, for_write=True
    )
    services.deliverable_remove(deliverable=deliverable, actor=request.user)
    return DeletedOut()


# Budget lines ----------------------------------------------------------------------------


@router.post("/{project_id}/budget-lines", response={201: ProjectDetailOut, **WRITE})
def add_budget_line(request: AuthenticatedHttpRequest, project_id: int, payload: BudgetLineIn):
    """Add a budget line for a participant whose lines the caller changes."""
    project = selectors.access_project_lines(user=request.user, project_id=project_id)
    participant = _own_participant(request, project, payload.participant)
    fields = _enums(payload.dict(exclude={"participant"}, exclude_unset=True))
    services.budget_line_add(
        project=project, participant=participant, actor=request.user, fields=fields
    )
    return 201, _detail(request, project_id)


@router.patch("/{project_id}/budget-lines/{line_id}", response={200: ProjectDetailOut, **WRITE})
def update_budget_line(
    request: AuthenticatedHttpRequest, project_id: int, line_id: int, payload: BudgetLineChangeIn
):
    line = selectors.access_budget_line(
        user=request.user, project_id=project_id, line_id=line_id, for_write=True
    )
    project = line.participant.project
    participant = (
        _own_participant(request, project, payload.participant) if payload.participant else None
    )
    fields = _enums(payload.dict(exclude={"participant"}, exclude_unset=True))
    services.budget_line_update(
        line=line, actor=request.user, fields=fields, participant=participant
    )
    return _detail(request, project_id)


@router.delete("/{project_id}/budget-lines/{line_id}", response={200: DeletedOut, **WRITE})
def remove_budget_line(request: AuthenticatedHttpRequest, project_id: int, line_id: int):
    line = selectors.access_budget_line(
        user=request.user, project_id=project_id, line_id=line_id, for_write=True
    )
    services.budget_line_remove(line=line, actor=request.user)
    return DeletedOut()


# Programme and laboratory ----------------------------------------------------------------


@router.put("/{project_id}/programme", response={200: ProjectDetailOut, **WRITE})
def set_programme(request: AuthenticatedHttpRequest, project_id: int, payload: ProgrammeIn):
    """Record a joint programme's scheme, tracks (diploma and years per participant, 2+2),
    products, languages and intake (the lead's editors)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    participants = {p.pk: p for p in project.participants.all()}
    if any(track.participant not in participants for track in payload.tracks):
        raise ValidationError({"tracks": _("The participant is not of this project.")})
    products = list(Product.objects.filter(slug__in=payload.products))
    if len(products) != len(set(payload.products)):
        raise ValidationError({"products": _("No product has this short address.")})
    agreement = None
    if payload.agreement is not None:
        # an unknown id reads as an unreadable one: nothing tells an outsider which exist
        agreement = Agreement.objects.filter(pk=payload.agreement).first()
        if agreement is None:
            raise ValidationError({"agreement": _("Choose an agreement you may read.")})
    services.programme_set(
        agreement=agreement,
        project=project,
        actor=request.user,
        scheme=str(payload.scheme),
        languages=payload.languages,
        intake_per_year=payload.intake_per_year,
        products=products,
        tracks=[
            services.Track(
                participant=participants[t.participant],
                years=t.years,
                diploma_ru=t.diploma_ru,
                diploma_en=t.diploma_en,
            )
            for t in payload.tracks
        ],
    )
    return _detail(request, project_id)


@router.put("/{project_id}/laboratory", response={200: ProjectDetailOut, **WRITE})
def set_laboratory(request: AuthenticatedHttpRequest, project_id: int, payload: LaboratoryIn):
    """Record a laboratory's or centre's host, place, research areas and opening."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    fields = payload.dict() | {"host": _organization(payload.host, "host")}
    services.laboratory_set(project=project, actor=request.user, fields=fields)
    return _detail(request, project_id)


@router.put("/{project_id}/laboratory/outputs/{year}", response={200: ProjectDetailOut, **WRITE})
def set_laboratory_output(
    request: AuthenticatedHttpRequest, project_id: int, year: int, payload: OutputIn
):
    """A laboratory's outputs of a year (replaces that year's figures)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    laboratory = getattr(project, "laboratory", None) if hasattr(project, "laboratory") else None
    if laboratory is None:
        raise ValidationError({"laboratory": _("Record the laboratory first.")})
    services.laboratory_output_set(
        laboratory=laboratory, year=year, actor=request.user, fields=payload.dict()
    )
    return _detail(request, project_id)
