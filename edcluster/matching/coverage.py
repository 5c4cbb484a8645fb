"""How well the catalog's products cover a demand, skill by skill, with the reasons.

A demand is a weighted set of skills: an employer's request (essential 1, nice to have 0.5),
an occupation (ESCO essential 1, optional 0.5), or a region's postings in a period (each of the
most demanded skills weighted by its share of the postings). A product covers a demanded skill
it teaches (credit 1) or, for half the credit, a skill next to it in the ESCO skills hierarchy
(its broader skill, a narrower one, or a sibling under the same broader skill). A product's
coverage is the weighted share of the demand it covers, 0 to 1. Work happens at the skill
level: only the links of the demanded skills and their neighbours are read, never every
product against every demand.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from edcluster.catalog.models import Offering, Product
from edcluster.matching.models import ProductSkill
from edcluster.skills.models import Broader, OccupationSkill, Skill

ESSENTIAL, NICE = 1.0, 0.5
RELATED_CREDIT = 0.5


@dataclass(frozen=True)
class Demanded:
    skill: Skill
    weight: float
    why: str = ""  # the demand side's evidence: the request's words, "essential", postings


@dataclass
class Covered:
    demanded: Demanded
    taught: Skill  # the demanded skill itself, or the neighbour the product teaches
    credit: float
    evidence: str  # the product side's evidence: the learning outcome


@dataclass
class ProductCoverage:
    product: Product
    score: float
    covered: list[Covered] = field(default_factory=list)  # full credit
    partial: list[Covered] = field(default_factory=list)  # a neighbouring skill
    missing: list[Demanded] = field(default_factory=list)
    offerings: list[Offering] = field(default_factory=list)  # open or starting later


def demand_of_request(request) -> list[Demanded]:
    links = request.skill_links.select_related("skill")
    return [
        Demanded(
            link.skill,
            ESSENTIAL if link.importance == "essential" else NICE,
            link.evidence or link.get_importance_display(),
        )  # fmt: skip
        for link in links
    ]


def demand_of_occupation(occupation_id: int) -> list[Demanded]:
    links = OccupationSkill.objects.filter(occupation_id=occupation_id).select_related("skill")
    found: dict[int, Demanded] = {}
    for link in links:
        weight = ESSENTIAL if link.relation == "essential" else NICE
        if link.skill_id not in found or weight > found[link.skill_id].weight:
            found[link.skill_id] = Demanded(link.skill, weight, link.get_relation_display())
    return list(found.values())


def demand_of_postings(*, region: str, period, limit: int = 30) -> list[Demanded]:
    """The most demanded skills of a region's postings in a period, weighted by their share."""
    from edcluster.demand.analytics import top_skills

    ranked = top_skills(region=region, period=period, limit=limit)
    if not ranked:
        return []
    skills = Skill.objects.in_bulk([row["id"] for row in ranked])
    most = ranked[0]["postings"]
    return [
        Demanded(
            skills[row["id"]], round(row["postings"] / most, 4), f"{row['postings']}"
        )  # fmt: skip
        for row in ranked
        if row["id"] in skills
    ]


def neighbours(skill_ids: list[int]) -> dict[int, set[int]]:
    """Each skill's neighbours in the skills hierarchy: broader and narrower skills, and the
    other narrower skills of its broader ones (skill-to-skill edges only: groups are too wide)."""
    uris = dict(Skill.objects.filter(pk__in=skill_ids).values_list("uri", "pk"))
    parents: dict[str, set[str]] = defaultdict(set)
    children: dict[str, set[str]] = defaultdict(set)
    for uri, broader in Broader.objects.filter(
        Q(uri__in=uris) | Q(broader_uri__in=uris)
    ).values_list("uri", "broader_uri"):
        if uri in uris:
            parents[uri].add(broader)
        if broader in uris:
            children[broader].add(uri)
    all_parents = {p for ps in parents.values() for p in ps}
    siblings: dict[str, set[str]] = defaultdict(set)
    for uri, broader in Broader.objects.filter(broader_uri__in=all_parents).values_list(
        "uri", "broader_uri"
    ):
        siblings[broader].add(uri)
    wanted = set(uris) | all_parents | {c for cs in children.values() for c in cs}
    wanted |= {s for ss in siblings.values() for s in ss}
    ids = dict(Skill.objects.filter(uri__in=wanted, obsolete=False).values_list("uri", "pk"))
    found: dict[int, set[int]] = {}
    for uri, pk in uris.items():
        near = set(parents[uri]) | children[uri]
        for parent in parents[uri]:
            near |= siblings[parent]
        found[pk] = {ids[n] for n in near if n in ids and n != uri}
    return found


def rank_products(demand: list[Demanded], *, limit: int = 20) -> list[ProductCoverage]:
    """Published products by their coverage of the demand, best first, with the reasons."""
    if not demand:
        return []
    wanted = {d.skill.pk: d for d in demand}
    near = neighbours(list(wanted))
    candidates = set(wanted) | {n for ns in near.values() for n in ns}
    taught: dict[int, dict[int, str]] = defaultdict(dict)
    for product_id, skill_id, evidence in (
        ProductSkill.objects.filter(
            skill_id__in=candidates, product__status=Product.Status.PUBLISHED
        )
        .exclude(decision=ProductSkill.Decision.REMOVED)
        .values_list("product_id", "skill_id", "evidence")
    ):
        taught[product_id][skill_id] = evidence
    total = sum(d.weight for d in demand)
    scored = []
    for product_id, skills in taught.items():
        points, covered, partial = 0.0, [], []
        for skill_id, demanded in wanted.items():
            if skill_id in skills:
                points += demanded.weight
                covered.append((demanded, skill_id, skills[skill_id]))
            else:
                via = sorted(near.get(skill_id, set()) & skills.keys())
                if via:
                    points += demanded.weight * RELATED_CREDIT
                    partial.append((demanded, via[0], skills[via[0]]))
        if points:
            scored.append((round(points / total, 4), len(covered), product_id, covered, partial))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    best = scored[:limit]
    products = Product.objects.in_bulk([item[2] for item in best])
    names = Skill.objects.in_bulk({s for item in best for _d, s, _e in item[3] + item[4]})
    offerings = open_offerings([item[2] for item in best])
    result = []
    for score, _count, product_id, covered, partial in best:
        done = {d.skill.pk for d, _s, _e in covered + partial}
        result.append(ProductCoverage(
            product=products[product_id], score=score,
            covered=[Covered(d, names[s], 1.0, e) for d, s, e in covered],
            partial=[Covered(d, names[s], RELATED_CREDIT, e) for d, s, e in partial],
            missing=[d for d in demand if d.skill.pk not in done],
            offerings=offerings.get(product_id, []),
        ))  # fmt: skip
    return result


def open_offerings(product_ids: list[int], today: date | None = None) -> dict[int, list[Offering]]:
    """Runs one can still enrol in or that start later, soonest first."""
    today = today or timezone.localdate()
    runs = Offering.objects.filter(product_id__in=product_ids).filter(
        Q(enrolment_deadline__gte=today) | Q(enrolment_deadline__isnull=True, starts_on__gte=today)
    )
    found: dict[int, list[Offering]] = defaultdict(list)
    for run in runs.order_by("starts_on", "pk"):
        found[run.product_id].append(run)
    return found
