"""Reads of the demand a product meets: the job postings of a window (the 12 months to the
latest month with postings) that ask for at least one skill it teaches, by region (stored per
product and region by `services.reach`), and the open employers' requests it covers."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Sum

from edcluster.demand.models import (
    ALL_REGIONS,
    DemandRequest,
    JobPosting,
    RequestSkill,
    SkillDemand,
)
from edcluster.demand.selectors.posting_ids import postings_by_region
from edcluster.matching.models import ProductDemand, ProductSkill
from edcluster.matching.selectors.coverage import demand_scores, neighbours
from edcluster.skills.models import Skill

WINDOW_MONTHS = 12
REMOVED = ProductSkill.Decision.REMOVED


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # the first day of the latest month


def demand_window() -> Window | None:
    """The 12 months to the latest month with postings counted in the analytics (None: none)."""
    latest = JobPosting.objects.aggregate(latest=Max("fact_month"))["latest"]
    if latest is None:
        return None
    months = latest.year * 12 + latest.month - 1 - (WINDOW_MONTHS - 1)
    return Window(date(months // 12, months % 12 + 1, 1), latest)


def skills_taught(product_ids=None) -> dict[int, list[int]]:
    """Each product's skills (of `product_ids`, or of every product), removed ones left out."""
    links = ProductSkill.objects.exclude(decision=REMOVED)
    if product_ids is not None:
        links = links.filter(product_id__in=product_ids)
    taught: dict[int, list[int]] = defaultdict(list)
    for product_id, skill_id in links.values_list("product_id", "skill_id"):
        taught[product_id].append(skill_id)
    return taught


def product_demand_count(skill_ids: list[int], window: Window) -> dict[str, int]:
    """Postings of the window asking for at least one of the skills, by region (exact)."""
    return postings_by_region(skill_ids=skill_ids, start=window.start, end=window.end)


def requests_met(product, *, limit: int = 20) -> list[dict]:
    """Open employers' requests the product covers (any of their skills, or a neighbour), best
    covered first, with the coverage."""
    taught = set(skills_taught([product.pk]).get(product.pk, []))
    if not taught:
        return []
    near = set(taught)
    for close in neighbours(list(taught)).values():
        near |= close
    touched = (
        RequestSkill.objects.filter(skill_id__in=near)
        .exclude(request__status=DemandRequest.Status.CLOSED)
        .values("request_id")
    )
    scores = demand_scores(
        RequestSkill.objects.filter(request_id__in=touched), product_ids={product.pk}
    )
    best = sorted(
        ((score, request_id) for (request_id, _p), score in scores.items() if score), reverse=True
    )[:limit]
    found = DemandRequest.objects.select_related("organization").in_bulk([r for _s, r in best])
    return [{"request": found[r], "score": score} for score, r in best]


def _skills_asked(taught: list[int], window: Window) -> list[dict]:
    """The postings of the window asking for each skill (from the analytics rollups), most
    asked for first."""
    counted = dict(
        SkillDemand.objects.filter(
            skill_id__in=taught, region=ALL_REGIONS, month__gte=window.start, month__lte=window.end
        )
        .values("skill_id")
        .annotate(n=Sum("postings"))
        .values_list("skill_id", "n")
    )
    named = Skill.objects.in_bulk(list(counted))
    return sorted(
        ({"skill": named[pk], "postings": n} for pk, n in counted.items()),
        key=lambda item: (-item["postings"], item["skill"].label),
    )


def product_demand(product) -> dict:
    """What the product page shows: the stored posting counts of the window (all regions and
    by region), the postings asking for each skill it teaches (from the analytics rollups), and
    the open requests it covers."""
    rows = list(ProductDemand.objects.filter(product=product).order_by("-postings", "region"))
    total = next((row for row in rows if row.region == ALL_REGIONS), None)
    window = Window(total.start, total.end) if total else demand_window()
    taught = skills_taught([product.pk]).get(product.pk, [])
    return {
        "window": window,
        "postings": total.postings if total else None,  # None: not counted yet
        "regions": [row for row in rows if row.region != ALL_REGIONS],
        "skills": _skills_asked(taught, window) if window and taught else [],
        "requests": requests_met(product),
    }
