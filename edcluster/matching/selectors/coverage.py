"""Reads: how well the catalog's products cover a demand, skill by skill, with the reasons.

A demand is a weighted set of skills: an employer's request (essential 1, nice to have 0.5),
an occupation (ESCO essential 1, optional 0.5), or a region's postings in a period (each of the
most demanded skills weighted by its share of the postings). A product covers a demanded skill
it teaches (credit 1) or, for half the credit, a skill next to it in the ESCO skills hierarchy
(its broader skill, a narrower one, or a sibling under the same broader skill when that one has
at most SIBLINGS narrower skills: under a wide one, siblings have little in common). A product's
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
SIBLINGS = 12  # siblings count as neighbours under a broader skill with at most this many


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
        )
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
    from edcluster.demand.selectors.analytics import top_skills

    ranked = top_skills(region=region, period=period, limit=limit)
    if not ranked:
        return []
    skills = Skill.objects.in_bulk([row["id"] for row in ranked])
    most = ranked[0]["postings"]
    return [
        Demanded(skills[row["id"]], round(row["postings"] / most, 4), f"{row['postings']}")
        for row in ranked
        if row["id"] in skills
    ]


def neighbours(skill_ids: list[int]) -> dict[int, set[int]]:
    """Each skill's neighbours in the skills hierarchy: broader and narrower skills, and the
    other narrower skills of its broader ones (skill-to-skill edges only: an edge to a skill
    group is left out, so skills that share only a group are not neighbours: groups are too
    wide)."""
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
    all_parents = set(
        Skill.objects.filter(uri__in={p for ps in parents.values() for p in ps}).values_list(
            "uri", flat=True
        )
    )  # broader skills only, never a group
    for uri in parents:
        parents[uri] &= all_parents
    siblings: dict[str, set[str]] = defaultdict(set)
    for uri, broader in Broader.objects.filter(broader_uri__in=all_parents).values_list(
        "uri", "broader_uri"
    ):
        siblings[broader].add(uri)
    for narrower in siblings.values():  # a wide parent makes no close siblings
        if len(narrower) > SIBLINGS:
            narrower.clear()
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


def around(skill_ids: list[int]) -> tuple[dict[int, set[int]], set[int]]:
    """The skills' neighbours (see `neighbours`), and the skills with all their neighbours."""
    near = neighbours(skill_ids)
    return near, set(skill_ids) | {n for ns in near.values() for n in ns}


def teaching(skill_ids: set[int], *, product_ids=None) -> dict[int, set[int]]:
    """Each skill's products (of `product_ids`, when given) that teach it, from the
    (skill, product, decision) index alone."""
    links = ProductSkill.objects.filter(skill_id__in=skill_ids).exclude(
        decision=ProductSkill.Decision.REMOVED
    )
    if product_ids is not None:
        links = links.filter(product_id__in=product_ids)
    found: dict[int, set[int]] = defaultdict(set)
    for product_id, skill_id in links.values_list("product_id", "skill_id"):
        found[skill_id].add(product_id)
    return found


def points(
    demand: dict[int, float], taught: dict[int, set[int]], near: dict[int, set[int]]
) -> tuple[dict[int, float], dict[int, int]]:
    """Each product's points for a demand (skill → weight), scored skill by skill: the weight of
    each demanded skill it teaches, RELATED_CREDIT of it for one it teaches a neighbour of; and
    how many demanded skills it teaches itself."""
    scored: dict[int, float] = defaultdict(float)
    full: dict[int, int] = defaultdict(int)
    for skill_id, weight in demand.items():
        teach = taught.get(skill_id, set())
        for product_id in teach:
            scored[product_id] += weight
            full[product_id] += 1
        close = set().union(*(taught.get(n, set()) for n in near.get(skill_id, ()))) - teach
        for product_id in close:
            scored[product_id] += weight * RELATED_CREDIT
    return scored, full


def rank_products(
    demand: list[Demanded], *, limit: int = 20, among: set[int] | None = None
) -> list[ProductCoverage]:
    """Published products (of `among`, when given) by their coverage of the demand, best first,
    with the reasons.

    Scored skill by skill: the products teaching each demanded skill (full credit) and each of
    its neighbours (half), from the (skill, product, decision) index alone; the reasons and the
    products are read for the best `limit` only."""
    if not demand:
        return []
    wanted = {d.skill.pk: d for d in demand}
    near, candidates = around(list(wanted))
    taught = teaching(candidates, product_ids=among)
    scored, full = points({pk: d.weight for pk, d in wanted.items()}, taught, near)
    total = sum(d.weight for d in demand)
    scores = {pk: round(got / total, 4) for pk, got in scored.items()}
    order = sorted(scores, key=lambda p: (-scores[p], -full[p], p))
    best = _best_published(order, limit)
    return _with_reasons(best, scores, wanted, near, candidates)


def _best_published(order: list[int], limit: int) -> list[int]:
    """The first `limit` published products of the order, read a slice at a time."""
    best: list[int] = []
    for start in range(0, len(order), 500):
        chunk = order[start : start + 500]
        published = set(
            Product.objects.filter(pk__in=chunk, status=Product.Status.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
        best += [pk for pk in chunk if pk in published][: limit - len(best)]
        if len(best) >= limit:
            break
    return best


def _with_reasons(
    best: list[int],
    scores: dict[int, float],
    wanted: dict[int, Demanded],
    near: dict[int, set[int]],
    candidates: set[int],
) -> list[ProductCoverage]:
    """The products' coverage with the skills covered, nearly covered and missing."""
    evidence = {
        (product_id, skill_id): text
        for product_id, skill_id, text in ProductSkill.objects.filter(
            product_id__in=best, skill_id__in=candidates
        )
        .exclude(decision=ProductSkill.Decision.REMOVED)
        .values_list("product_id", "skill_id", "evidence")
    }
    products = Product.objects.in_bulk(best)
    names = Skill.objects.in_bulk(candidates & {s for _p, s in evidence})
    offerings = open_offerings(best)
    result = []
    for product_id in best:
        found = ProductCoverage(
            product=products[product_id],
            score=scores[product_id],
            offerings=offerings.get(product_id, []),
        )
        for skill_id, demanded in wanted.items():
            if (product_id, skill_id) in evidence:
                text = evidence[product_id, skill_id]
                found.covered.append(Covered(demanded, names[skill_id], 1.0, text))
                continue
            via = sorted(n for n in near.get(skill_id, ()) if (product_id, n) in evidence)
            if via:
                text = evidence[product_id, via[0]]
                found.partial.append(Covered(demanded, names[via[0]], RELATED_CREDIT, text))
            else:
                found.missing.append(demanded)
        result.append(found)
    return result


def open_offerings(product_ids: list[int], today: date | None = None) -> dict[int, list[Offering]]:
    """Runs one can still enrol in or that start later, soonest first."""
    today = today or timezone.localdate()
    runs = Offering.objects.filter(product_id__in=product_ids, cancelled_at__isnull=True).filter(
        Q(enrolment_deadline__gte=today) | Q(enrolment_deadline__isnull=True, starts_on__gte=today)
    )
    found: dict[int, list[Offering]] = defaultdict(list)
    for run in runs.order_by("starts_on", "pk"):
        found[run.product_id].append(run)
    return found


def demand_scores(request_skills, *, product_ids: set[int]) -> dict[tuple[int, int], float]:
    """Coverage of many requests by some products at once, as (request, product) → score for
    the pairs with any credit: the requests' skills (RequestSkill rows), their neighbours and
    the products' skills are read once, then scored skill by skill as `rank_products` does."""
    wanted: dict[int, dict[int, float]] = defaultdict(dict)
    for request_id, skill_id, importance in request_skills.values_list(
        "request_id", "skill_id", "importance"
    ):
        wanted[request_id][skill_id] = ESSENTIAL if importance == "essential" else NICE
    near, candidates = around(list({s for demand in wanted.values() for s in demand}))
    taught = teaching(candidates, product_ids=product_ids)
    scores: dict[tuple[int, int], float] = {}
    for request_id, demand in wanted.items():
        scored, _full = points(demand, taught, near)
        total = sum(demand.values())
        for product_id, got in scored.items():
            scores[request_id, product_id] = round(got / total, 4)
    return scores
