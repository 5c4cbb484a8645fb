"""Who sees demand, and the reads of postings and runs."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.models import Membership
from edcluster.demand.models import IngestRun, JobPosting, PostingSkill
from edcluster.organizations.models import Organization


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
