"""Market gaps: skills the postings ask for that no published product teaches.

A skill's demand is its postings in the period, each month weighted by recency (a month's
postings count half as much for every HALF_LIFE months before the period's last month). A skill
is a gap when no published product covers it at least `threshold`: 1 = taught itself; 0.5 = a
neighbouring skill in the ESCO hierarchy is enough (see coverage). Gaps are listed by weighted
demand and rolled up by ESCO skill group (`demand.selectors.analytics.ROLLUP_DEPTH`)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Sum

from edcluster.catalog.models import Product
from edcluster.demand.models import ALL_REGIONS, PostingSkill, SkillDemand
from edcluster.demand.selectors.analytics import Period, group_rows, rollup_groups
from edcluster.matching.models import ProductSkill
from edcluster.matching.selectors.coverage import RELATED_CREDIT, around
from edcluster.organizations.models import PriorityArea
from edcluster.skills.models import Occupation, Skill

HALF_LIFE = 6  # months


@dataclass
class Gap:
    skill: Skill
    postings: int
    demand: float  # weighted by recency
    best_credit: float  # the best coverage any published product gives it (0 or 0.5)
    group: str  # URI of the skill group it rolls up to (ROLLUP_DEPTH)


def _months_between(first, last) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def demanded_skills(
    *,
    period: Period,
    region: str = "",
    occupation: Occupation | None = None,
    area: PriorityArea | None = None,
) -> dict[int, tuple[int, float]]:
    """Skill id → (postings, recency-weighted postings) in the period. By region from the
    rollups; for an occupation or a priority area, from the posting-skill facts."""
    rows: Iterable[tuple]
    if occupation is None and area is None:
        rows = (
            SkillDemand.objects.filter(
                month__gte=period.start, month__lte=period.end, region=region or ALL_REGIONS
            )
            .values_list("skill_id", "month")
            .annotate(n=Sum("postings"))
        )
    else:
        facts = PostingSkill.objects.filter(
            posting__fact_month__gte=period.start, posting__fact_month__lte=period.end
        )
        if region:
            facts = facts.filter(posting__fact_region=region)
        if occupation is not None:
            facts = facts.filter(posting__fact_occupation=occupation)
        if area is not None:
            from edcluster.demand.selectors.priorities import occupations_of_area

            facts = facts.filter(
                posting__fact_occupation__in=Occupation.objects.filter(occupations_of_area(area))
            )
        rows = facts.values_list("skill_id", "posting__fact_month").annotate(n=Count("pk"))
    found: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
    for skill_id, month, count in rows:
        age = _months_between(month, period.end)
        found[skill_id][0] += count
        found[skill_id][1] += count * 0.5 ** (age / HALF_LIFE)
    return {skill: (int(n), round(w, 3)) for skill, (n, w) in found.items()}


def best_credits(skill_ids: list[int]) -> dict[int, float]:
    """The best coverage a published product gives each skill: 1 taught, 0.5 a neighbour."""
    near, candidates = around(skill_ids)
    taught = set(
        ProductSkill.objects.filter(
            skill_id__in=candidates, product__status=Product.Status.PUBLISHED
        )
        .exclude(decision=ProductSkill.Decision.REMOVED)
        .values_list("skill_id", flat=True)
    )
    return {
        skill: 1.0
        if skill in taught
        else (RELATED_CREDIT if near.get(skill, set()) & taught else 0.0)
        for skill in skill_ids
    }


def market_gaps(
    *,
    period: Period,
    region: str = "",
    occupation: Occupation | None = None,
    area: PriorityArea | None = None,
    threshold: float = 1.0,
    limit: int = 50,
    candidates: int = 500,
) -> list[Gap]:
    """The most demanded skills (the top `candidates`) that no published product covers at
    least `threshold`, by weighted demand."""
    demanded = demanded_skills(period=period, region=region, occupation=occupation, area=area)
    top = sorted(demanded, key=lambda s: (-demanded[s][1], s))[:candidates]
    credits = best_credits(top)
    gaps = [s for s in top if credits[s] < threshold][:limit]
    skills = Skill.objects.in_bulk(gaps)
    groups = rollup_groups()
    return [
        Gap(skills[s], demanded[s][0], demanded[s][1], credits[s], groups.get(s, "")) for s in gaps
    ]


def gaps_by_group(gaps: list[Gap]) -> list[dict]:
    """The gaps rolled up by skill group (ROLLUP_DEPTH), by weighted demand."""
    totals: dict[str, dict] = {}
    for gap in gaps:
        group = totals.setdefault(gap.group, {"demand": 0.0, "skills": 0})
        group["demand"] += gap.demand
        group["skills"] += 1
    for group in totals.values():
        group["demand"] = round(group["demand"], 3)
    return group_rows(totals, by="demand")
