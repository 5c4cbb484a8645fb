"""Who sees demand, and the reads of postings, runs and employers' requests."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.core.models import AuditEntry
from edcluster.core.selectors import is_operator
from edcluster.demand.models import (
    DemandRequest,
    IngestRun,
    JobPosting,
    PostingSkill,
    RequestSkill,
)
from edcluster.organizations.models import Organization, PriorityArea
from edcluster.skills.models import Occupation, Skill
from edcluster.skills.selectors import extract, occupation_index


def can_read_demand(*, user) -> bool:
    """Operators and the staff of admitted members read the market's demand."""
    if not user.is_authenticated:
        return False
    return (
        user.is_operator
        or Membership.objects.filter(
            user_id=user.pk, organization__status=Organization.Status.ADMITTED
        ).exists()
    )


def require_demand_reader(*, user) -> None:
    if not can_read_demand(user=user):
        raise PermissionDenied


def require_ingester(*, user) -> None:
    """Bulk ingestion of job postings is the Management Company's (operators')."""
    if not (user.is_authenticated and user.is_operator):
        raise PermissionDenied


def posting_list(
    *,
    viewer,
    query: str = "",
    region: str = "",
    skill_id: int | None = None,
    occupation_id: int | None = None,
    priority_area_id: int | None = None,
    source: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[JobPosting]:
    require_demand_reader(user=viewer)
    postings = JobPosting.objects.select_related("occupation").order_by("-posted_at", "-pk")
    if query:
        postings = postings.filter(title__icontains=query)
    if region:
        postings = postings.filter(region=region)
    if source:
        postings = postings.filter(source=source)
    if skill_id:
        postings = postings.filter(skill_links__skill_id=skill_id)
    if occupation_id:
        postings = postings.filter(occupation_id=occupation_id)
    if priority_area_id:
        from edcluster.demand.selectors.priorities import occupations_of_area

        area = PriorityArea.objects.filter(pk=priority_area_id).first()
        working = Occupation.objects.filter(occupations_of_area(area)) if area else []
        postings = postings.filter(occupation__in=working)
    if start:  # the months the analytics count postings in (drill-down from a figure)
        postings = postings.filter(fact_month__gte=start.replace(day=1))
    if end:
        postings = postings.filter(fact_month__lte=end.replace(day=1))
    return postings


def access_posting(*, user, posting_id: int) -> JobPosting:
    require_demand_reader(user=user)
    return get_object_or_404(JobPosting.objects.select_related("occupation"), pk=posting_id)


def posting_skills(posting: JobPosting) -> QuerySet[PostingSkill]:
    return posting.skill_links.select_related("skill").order_by("-score")


def run_list(*, viewer) -> QuerySet[IngestRun]:
    require_ingester(user=viewer)
    return IngestRun.objects.select_related("actor")


def access_run(*, user, run_id: int) -> IngestRun:
    return get_object_or_404(run_list(viewer=user), pk=run_id)


def source_counts() -> list:
    return list(
        JobPosting.objects.values("source").annotate(postings=Count("pk")).order_by("source")
    )


# Employers' requests ----------------------------------------------------------------------

REQUESTERS = (Organization.Status.ADMITTED, Organization.Status.APPLIED)


@dataclass(frozen=True)
class Backlog:
    """Background work not done yet, from the data: `done` of `total` records are processed."""

    done: int
    total: int


def extraction_backlog() -> Backlog | None:
    """The job postings whose skills are not extracted yet (queued, or being read in the
    background, as for minutes after `make run` starts), or None when every posting is read:
    until then every figure built on postings' skills is incomplete."""
    waiting = JobPosting.objects.filter(extracted_at=None).count()
    if not waiting:
        return None
    total = JobPosting.objects.count()
    return Backlog(done=total - waiting, total=total)


def request_visible(*, viewer) -> QuerySet[DemandRequest]:
    """Operators see every request; the staff of admitted members see the ones not closed of
    admitted organizations (an applicant's wait for its admission); an employer's own staff
    see all of theirs; nobody else sees any."""
    requests = DemandRequest.objects.all()
    if not viewer.is_authenticated:
        return requests.none()
    if viewer.is_operator:
        return requests
    seen = Q(organization__in=organization_ids_of(user=viewer))
    if can_read_demand(user=viewer):
        seen |= ~Q(status=DemandRequest.Status.CLOSED) & Q(
            organization__status=Organization.Status.ADMITTED
        )
    return requests.filter(seen)


def request_list(
    *, viewer, query: str = "", status: str = "", organization: str = "", mine: bool = False
) -> QuerySet[DemandRequest]:
    requests = request_visible(viewer=viewer).select_related("organization", "occupation")
    if query:
        requests = requests.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if status:
        requests = requests.filter(status=status)
    if organization:
        requests = requests.filter(organization__slug=organization)
    if mine:
        requests = requests.filter(organization__in=organization_ids_of(user=viewer))
    return requests.annotate(skill_count=Count("skill_links")).order_by("-created_at", "-pk")


def requester_candidates(*, user) -> QuerySet[Organization]:
    """Organizations the user may state demand for: members and registered companies where
    they edit (operators: any of them)."""
    organizations = Organization.objects.filter(status__in=REQUESTERS).order_by("name_ru")
    if not user.is_authenticated:
        return organizations.none()
    if user.is_operator:
        return organizations
    return organizations.filter(pk__in=organization_ids_editable(user=user))


def require_requester(*, user) -> QuerySet[Organization]:
    """The organizations the user states demand for; 403 when there is none."""
    candidates = requester_candidates(user=user)
    if not candidates.exists():
        raise PermissionDenied
    return candidates


def access_requester(*, user, slug: str) -> Organization:
    """An organization that states demand (404 otherwise) and the user may state it for (403)."""
    organization = get_object_or_404(Organization.objects.filter(status__in=REQUESTERS), slug=slug)
    if not requester_candidates(user=user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    return organization


def can_edit_request(*, user, request: DemandRequest) -> bool:
    """Operators, and the employer's administrators and editors."""
    if not user.is_authenticated:
        return False
    return (
        user.is_operator
        or organization_ids_editable(user=user)
        .filter(organization_id=request.organization_id)
        .exists()
    )


MOVES = {
    DemandRequest.Status.OPEN: (DemandRequest.Status.ADDRESSED, DemandRequest.Status.CLOSED),
    DemandRequest.Status.ADDRESSED: (DemandRequest.Status.OPEN, DemandRequest.Status.CLOSED),
    DemandRequest.Status.CLOSED: (DemandRequest.Status.OPEN,),
}


def allowed_moves(*, user, request: DemandRequest, ignore_rights: bool = False) -> list[str]:
    """Where the user may move the request from its status: operators anywhere the workflow
    allows; the employer's editors only close it."""
    moves = [str(move) for move in MOVES[DemandRequest.Status(request.status)]]
    if ignore_rights or is_operator(user=user):
        return moves
    if can_edit_request(user=user, request=request):
        return [move for move in moves if move == DemandRequest.Status.CLOSED]
    return []


def access_request(
    *, user, request_id: int, for_write: bool = False, for_move: bool = False
) -> DemandRequest:
    """A request the user may see (404 otherwise), and may change or move when asked (403)."""
    request = get_object_or_404(
        request_visible(viewer=user).select_related(
            "organization", "occupation", "priority_area", "author"
        ),
        pk=request_id,
    )
    if for_write and not can_edit_request(user=user, request=request):
        raise PermissionDenied
    if for_move and not allowed_moves(user=user, request=request):
        raise PermissionDenied
    return request


def request_skills(request: DemandRequest) -> QuerySet:
    """The request's skills, essential first, then by name."""
    return request.skill_links.select_related("skill").order_by("importance", "skill__label")


def request_history(request: DemandRequest) -> QuerySet[AuditEntry]:
    """What happened to the request, oldest first."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(DemandRequest), target_id=str(request.pk)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class SkillChoice:
    """One skill of a request as the employer left it."""

    skill: Skill
    importance: str = RequestSkill.Importance.ESSENTIAL
    origin: str = RequestSkill.Origin.EMPLOYER
    score: float | None = None
    evidence: str = ""


def skills_suggest(text: str, *, limit: int = 30) -> list[SkillChoice]:
    """The extractor's skills for a request's text, best first, each with its evidence."""
    found = sorted(extract(text), key=lambda item: -item.score)
    skills = Skill.objects.in_bulk([item.uri for item in found], field_name="uri")
    suggestions: dict[int, SkillChoice] = {}
    for item in found:
        skill = skills.get(item.uri)
        if skill is None or skill.obsolete or skill.pk in suggestions:
            continue
        suggestions[skill.pk] = SkillChoice(
            skill=skill,
            origin=RequestSkill.Origin.EXTRACTOR,
            score=round(item.score, 4),
            evidence=item.evidence[:500],
        )
    return list(suggestions.values())[:limit]


def occupation_suggest(title: str) -> Occupation | None:
    """The ESCO occupation a request's title names (Russian or English), if one is recognised."""
    found = occupation_index().recognise(title)
    return Occupation.objects.filter(pk=found[0], obsolete=False).first() if found else None
