"""Who sees and changes projects, and the reads of projects, their lines and budgets.

Public projects are read by anyone; the others by the participants' staff and operators
(anyone else gets 404). The lead's administrators and editors (and operators) change
everything; another participant's editors only their own lines: their participant row, their
budget lines, their deliverables."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.catalog.models import Product
from edcluster.matching.models import Proposal
from edcluster.organizations.models import Organization
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.selectors import agreement_visible
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    Milestone,
    Participant,
    Project,
    StatusChange,
)

Status = Project.Status
MOVES: dict[str, tuple[str, ...]] = {
    Status.PLANNED: (Status.ACTIVE, Status.CANCELLED),
    Status.ACTIVE: (Status.COMPLETED, Status.SUSPENDED, Status.CANCELLED),
    Status.SUSPENDED: (Status.ACTIVE, Status.CANCELLED),
    Status.COMPLETED: (),
    Status.CANCELLED: (),
}


def project_visible(*, viewer) -> QuerySet[Project]:
    """Public projects for anyone; the others for operators and the participants' staff."""
    projects = Project.objects.all()
    if getattr(viewer, "is_operator", False):
        return projects
    if not viewer.is_authenticated:
        return projects.filter(is_public=True)
    mine = Participant.objects.filter(organization__in=organization_ids_of(user=viewer))
    return projects.filter(Q(is_public=True) | Q(pk__in=mine.values("project_id")))


def project_list(
    *,
    viewer,
    query: str = "",
    kind: str = "",
    status: str = "",
    organization: str = "",
    mine: bool = False,
) -> QuerySet[Project]:
    """The projects the viewer may read, filtered, with their lead (two queries a page)."""
    projects = project_visible(viewer=viewer)
    if query:
        projects = projects.filter(
            Q(title_ru__icontains=query)
            | Q(title_en__icontains=query)
            | Q(summary_ru__icontains=query)
            | Q(summary_en__icontains=query)
        )
    if kind:
        projects = projects.filter(kind=kind)
    if status:
        projects = projects.filter(status=status)
    if organization:
        projects = projects.filter(participants__organization__slug=organization)
    if mine:
        projects = projects.filter(participants__organization__in=organization_ids_of(user=viewer))
    leads = Participant.objects.filter(role=Participant.Role.LEAD).select_related("organization")
    return (
        projects.distinct()
        .select_related("field")
        .prefetch_related(Prefetch("participants", leads, to_attr="leads"))
        .order_by("-starts_on", "-pk")
    )


def _editable_ids(user) -> set[int]:
    return set(organization_ids_editable(user=user).values_list("organization_id", flat=True))


def lead_of(project: Project) -> Participant | None:
    return next((p for p in project.participants.all() if p.role == Participant.Role.LEAD), None)


def can_edit_project(*, user, project: Project) -> bool:
    """Operators and the lead's administrators and editors change everything."""
    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    lead = lead_of(project)
    return lead is not None and lead.organization_id in _editable_ids(user)


def can_edit_participant(*, user, participant: Participant) -> bool:
    """The participant's own editors change its lines; the lead's editors everyone's."""
    if can_edit_project(user=user, project=participant.project):
        return True
    return user.is_authenticated and participant.organization_id in _editable_ids(user)


def editable_participants(*, user, project: Project) -> list[Participant]:
    """The participants whose lines the user may change (all of them for the lead's editors)."""
    participants = list(project.participants.all())
    if can_edit_project(user=user, project=project):
        return participants
    editable = _editable_ids(user) if user.is_authenticated else set()
    return [p for p in participants if p.organization_id in editable]


def access_project(*, user, project_id: int, for_write: bool = False) -> Project:
    """A project the user may read (404 otherwise); with `for_write`, change (403)."""
    project = get_object_or_404(
        project_visible(viewer=user)
        .select_related("field", "origin_proposal")
        .prefetch_related("participants__organization", "priority_areas"),
        pk=project_id,
    )
    if for_write and not can_edit_project(user=user, project=project):
        raise PermissionDenied
    return project


def access_project_lines(*, user, project_id: int) -> Project:
    """A project where the user may change some line (the lead's or a participant's editors)."""
    project = access_project(user=user, project_id=project_id)
    if not editable_participants(user=user, project=project):
        raise PermissionDenied
    return project


def access_participant(
    *, user, project_id: int, participant_id: int, for_write: bool = False
) -> Participant:
    project = access_project(user=user, project_id=project_id)
    participant = get_object_or_404(project.participants.all(), pk=participant_id)
    participant.project = project
    if for_write and not can_edit_participant(user=user, participant=participant):
        raise PermissionDenied
    return participant


def access_milestone(*, user, project_id: int, milestone_id: int, for_write: bool = False):
    project = access_project(user=user, project_id=project_id, for_write=for_write)
    milestone = get_object_or_404(project.milestones.all(), pk=milestone_id)
    milestone.project = project
    return milestone


def access_deliverable(
    *, user, project_id: int, deliverable_id: int, for_write: bool = False
) -> Deliverable:
    project = access_project(user=user, project_id=project_id)
    deliverable = get_object_or_404(
        Deliverable.objects.filter(milestone__project=project).select_related(
            "participant", "milestone", "product"
        ),
        pk=deliverable_id,
    )
    deliverable.participant.project = project
    if for_write and not can_edit_participant(user=user, participant=deliverable.participant):
        raise PermissionDenied
    return deliverable


def access_budget_line(
    *, user, project_id: int, line_id: int, for_write: bool = False
) -> BudgetLine:
    project = access_project(user=user, project_id=project_id)
    line = get_object_or_404(project.budget_lines.select_related("participant"), pk=line_id)
    line.participant.project = project
    if for_write and not can_edit_participant(user=user, participant=line.participant):
        raise PermissionDenied
    return line


def allowed_moves(*, user, project: Project) -> list[str]:
    """Where the user may move the project's status (the lead's editors and operators)."""
    if not can_edit_project(user=user, project=project):
        return []
    return [str(move) for move in MOVES[project.status]]


def project_milestones(project: Project) -> list[Milestone]:
    """The milestones by due date, each with its deliverables and their products."""
    deliverables = Deliverable.objects.select_related("product", "participant__organization")
    return list(
        project.milestones.prefetch_related(Prefetch("deliverables", deliverables)).order_by(
            "due_on", "pk"
        )
    )


def project_budget(project: Project) -> QuerySet[BudgetLine]:
    return project.budget_lines.select_related("participant__organization")


def project_history(project: Project) -> QuerySet[StatusChange]:
    return project.status_changes.select_related("actor").order_by("at", "pk")


def milestone_is_late(milestone: Milestone, *, today: date | None = None) -> bool:
    return milestone.done_on is None and milestone.due_on < (today or timezone.localdate())


@dataclass(frozen=True)
class BudgetTotals:
    """Planned and spent sums by (source or category, currency), and by currency."""

    by_source: list[tuple[str, str, Decimal, Decimal]]
    by_category: list[tuple[str, str, Decimal, Decimal]]
    by_currency: list[tuple[str, Decimal, Decimal]]


def _sums(lines, key) -> list[tuple[str, str, Decimal, Decimal]]:
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for line in lines:
        pair = sums[(key(line), line.currency)]
        pair[0] += line.planned
        pair[1] += line.spent
    return [(label, currency, p, s) for (label, currency), (p, s) in sorted(sums.items())]


def budget_totals(lines: list[BudgetLine]) -> BudgetTotals:
    """A project's budget summed by source and by category, never across currencies."""
    totals = _sums(lines, lambda line: "")
    return BudgetTotals(
        by_source=_sums(lines, lambda line: str(line.get_source_display())),
        by_category=_sums(lines, lambda line: str(line.get_category_display())),
        by_currency=[(currency, p, s) for _label, currency, p, s in totals],
    )


def lead_candidates(*, user) -> QuerySet[Organization]:
    """Admitted members the user may lead a project for (operators: any)."""
    members = Organization.objects.filter(status=Organization.Status.ADMITTED).order_by("name_ru")
    if not user.is_authenticated:
        return members.none()
    if user.is_operator:
        return members
    return members.filter(pk__in=organization_ids_editable(user=user))


def participant_candidates() -> QuerySet[Organization]:
    """Organizations that may take part: admitted members and registered partners."""
    return Organization.objects.exclude(
        status__in=[Organization.Status.DECLINED, Organization.Status.LEFT]
    ).order_by("name_ru")


def proposal_startable(*, proposal: Proposal) -> bool:
    """An accepted proposal with its draft product and no project yet."""
    return (
        proposal.status == Proposal.Status.ACCEPTED
        and proposal.product_id is not None
        and not Project.objects.filter(origin_proposal=proposal).exists()
    )


def can_start_from_proposal(*, user, proposal: Proposal) -> bool:
    """Operators, and the editors of the draft product's lead owner."""
    if not (user.is_authenticated and proposal_startable(proposal=proposal)):
        return False
    if user.is_operator:
        return True
    if proposal.product is None:
        return False
    lead = proposal.product.ownerships.filter(role="lead").values_list("organization_id")
    return organization_ids_editable(user=user).filter(organization_id__in=lead).exists()


def access_proposal_to_start(*, user, proposal_id: int) -> Proposal:
    """An accepted proposal the user may start a project from (404 for anyone not among its
    product's owners' staff or operators; 403 for a reader who may not)."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("product").filter(status=Proposal.Status.ACCEPTED),
        pk=proposal_id,
    )
    owners = proposal.product.ownerships.values("organization_id") if proposal.product else []
    seen = getattr(user, "is_operator", False) or (
        user.is_authenticated
        and organization_ids_of(user=user).filter(organization_id__in=owners).exists()
    )
    if not seen:
        raise Http404
    if not can_start_from_proposal(user=user, proposal=proposal):
        raise PermissionDenied
    return proposal


def projects_of_proposal(*, viewer, proposal: Proposal) -> QuerySet[Project]:
    """The projects the viewer may read that were started from this proposal."""
    return project_visible(viewer=viewer).filter(origin_proposal=proposal).order_by("pk")


def projects_of_product(*, viewer, product: Product) -> QuerySet[Project]:
    """The projects the viewer may read that deliver this product or teach it in a programme."""
    return (
        project_visible(viewer=viewer)
        .filter(Q(milestones__deliverables__product=product) | Q(programme__products=product))
        .distinct()
        .order_by("-starts_on")
    )


def product_makers(product_id: int) -> list[tuple[int, str]]:
    """The organizations that develop the product together in a project (one delivering it or
    a joint programme teaching it; cancelled projects left out), with the project's title:
    core.lookups.PRODUCT_MAKERS, asked by quality's conflict-of-interest rule."""
    projects = (
        Project.objects.filter(
            Q(milestones__deliverables__product_id=product_id)
            | Q(programme__products__pk=product_id)
        )
        .exclude(status=Project.Status.CANCELLED)
        .values("pk")
    )
    rows = (
        Participant.objects.filter(project__in=projects)
        .select_related("project")
        .order_by("project_id", "organization_id")
    )
    return [(row.organization_id, row.project.title) for row in rows]


# The agreements a joint programme runs under: a double or joint degree, a joint PhD (co-tutelle),
# or a memorandum or mobility agreement (joint modules, summer schools, exchanges); a joint lab
# or a research cooperation is not a programme's basis.
PROGRAMME_AGREEMENT_KINDS = (
    Agreement.Kind.DEGREE,
    Agreement.Kind.JOINT_PHD,
    Agreement.Kind.MOU,
    Agreement.Kind.MOBILITY,
)


def agreements_for_programme(*, viewer, project: Project) -> QuerySet[Agreement]:
    """The agreements the viewer may read that may be the programme's: of a fitting kind, with a
    participant of the project among their parties."""
    organizations = project.participants.values("organization_id")
    return (
        agreement_visible(viewer=viewer)
        .filter(kind__in=PROGRAMME_AGREEMENT_KINDS, parties__organization__in=organizations)
        .distinct()
        .order_by("code", "pk")
    )


def programme_agreement(programme) -> Agreement | None:
    """The agreement the programme runs under, without its PDF (read by its download only)."""
    if programme.agreement_id is None:
        return None
    return Agreement.objects.defer("pdf").filter(pk=programme.agreement_id).first()


def projects_of_agreement(*, viewer, agreement: Agreement) -> QuerySet[Project]:
    """The projects the viewer may read whose programme names this agreement."""
    return (
        project_visible(viewer=viewer)
        .filter(programme__agreement=agreement)
        .order_by("-starts_on", "pk")
    )


def proposals_awaiting_project(*, viewer) -> QuerySet[Proposal]:
    """Accepted proposals whose products the viewer's organizations lead, with no project yet
    (operators: all)."""
    proposals = Proposal.objects.filter(
        status=Proposal.Status.ACCEPTED, product__isnull=False
    ).exclude(
        pk__in=Project.objects.filter(origin_proposal__isnull=False).values("origin_proposal")
    )
    if not viewer.is_authenticated:
        return proposals.none()
    if viewer.is_operator:
        return proposals.select_related("product")
    led = organization_ids_editable(user=viewer)
    return proposals.filter(
        product__ownerships__role="lead", product__ownerships__organization__in=led
    ).select_related("product")
