"""Linking products to the skills they teach: the extractor over the learning outcomes, then
the editors' decisions (confirm, remove, add), which extraction never overrides."""

from collections import defaultdict
from collections.abc import Iterable
from hashlib import blake2b

from django.db import transaction

from edcluster.catalog.models import LearningOutcome
from edcluster.matching.models import ProductLinking, ProductSkill
from edcluster.matching.services.reach import product_demand_refresh
from edcluster.skills.models import Skill
from edcluster.skills.selectors import extractor

Origin = ProductSkill.Origin
CHUNK = 200  # products per transaction
Found = dict[str, tuple[float, int, str]]  # skill URI → (score, outcome id, evidence)


def outcomes_key(outcomes: Iterable[str]) -> int:
    digest = blake2b("\x1e".join(outcomes).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def products_link(
    product_ids: Iterable[int], *, force: bool = False, demand: bool = True
) -> dict[str, int]:
    """Extract the skills of these products' outcomes where the outcomes changed since the
    last time (or always, with `force`), and recount the demand the relinked ones meet (unless
    `demand` is false: a full recompute counts every product at once afterwards). Returns
    counts: products linked, unchanged, links written."""
    ids = sorted(set(product_ids))
    counts = {"products": 0, "unchanged": 0, "links": 0}
    by_names = bool(ids) and not extractor().dense
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        outcomes = _outcomes(chunk)
        keys = {pk: _key(outcomes.get(pk, []), by_names) for pk in chunk}
        known = dict(
            ProductLinking.objects.filter(product_id__in=chunk).values_list(
                "product_id", "outcomes_key"
            )
        )
        todo = [pk for pk in chunk if force or known.get(pk) != keys[pk]]
        counts["unchanged"] += len(chunk) - len(todo)
        if not todo:
            continue
        counts["links"] += _links_write(_extract(todo, outcomes), {pk: keys[pk] for pk in todo})
        counts["products"] += len(todo)
        if demand:
            product_demand_refresh(todo)
    return counts


def _key(outcomes: list[tuple[int, str]], by_names: bool) -> int:
    """What a product's links were extracted from: its outcomes, and whether the extractor
    matched names only (its vectors not built yet, as while `make run` starts), so that such
    links are extracted again once the vectors are there."""
    texts = [text for _outcome, text in outcomes]
    return outcomes_key(["\x00names only", *texts] if by_names else texts)


def _outcomes(product_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each product's learning outcomes in order, as (id, text)."""
    outcomes: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, product_id, text in (
        LearningOutcome.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "position")
        .values_list("pk", "product_id", "text")
    ):
        outcomes[product_id].append((pk, text))
    return outcomes


def _extract(todo: list[int], outcomes: dict[int, list[tuple[int, str]]]) -> dict[int, Found]:
    """The skills the extractor finds in each product's outcomes, the best-scored outcome of
    each as its evidence."""
    texts = [text for pk in todo for _outcome, text in outcomes.get(pk, [])]
    found = iter(extractor().extract_many(texts)) if texts else iter(())
    per_product: dict[int, Found] = {}
    for pk in todo:
        best: Found = {}
        for outcome, _text in outcomes.get(pk, []):
            for item in next(found):
                if item.uri not in best or item.score > best[item.uri][0]:
                    best[item.uri] = (item.score, outcome, item.evidence[:1000])
        per_product[pk] = best
    return per_product


@transaction.atomic
def _links_write(per_product: dict[int, Found], keys: dict[int, int]) -> int:
    """Store what the extractor found: new links, refreshed extractor links, unreviewed ones
    it no longer finds gone (editors' decisions kept); returns the links found."""
    uris = {uri for best in per_product.values() for uri in best}
    skills = dict(Skill.objects.filter(uri__in=uris, obsolete=False).values_list("uri", "pk"))
    existing: dict[int, dict[int, ProductSkill]] = defaultdict(dict)
    for link in ProductSkill.objects.select_for_update().filter(product_id__in=list(per_product)):
        existing[link.product_id][link.skill_id] = link
    stale: list[int] = []
    fresh: list[ProductSkill] = []
    refreshed: list[ProductSkill] = []
    found = 0
    for pk, best in per_product.items():
        wanted = {skills[uri]: value for uri, value in best.items() if uri in skills}
        stale += [
            link.pk
            for skill_id, link in existing[pk].items()
            if link.origin == Origin.EXTRACTOR and not link.decision and skill_id not in wanted
        ]  # no longer found, never reviewed
        for skill_id, (score, outcome, evidence) in wanted.items():
            current = existing[pk].get(skill_id)
            if current is None:
                fresh.append(
                    ProductSkill(
                        product_id=pk,
                        skill_id=skill_id,
                        origin=Origin.EXTRACTOR,
                        score=round(score, 4),
                        outcome_id=outcome,
                        evidence=evidence,
                    )
                )
            elif current.origin == Origin.EXTRACTOR:
                current.score, current.outcome_id = round(score, 4), outcome
                current.evidence = evidence
                refreshed.append(current)
        found += len(wanted)
    ProductSkill.objects.filter(pk__in=stale).delete()
    ProductSkill.objects.bulk_create(fresh)
    ProductSkill.objects.bulk_update(refreshed, ["score", "outcome", "evidence"])
    for pk, key in keys.items():
        ProductLinking.objects.update_or_create(product_id=pk, defaults={"outcomes_key": key})
    return found
