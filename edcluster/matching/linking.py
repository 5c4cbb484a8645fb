"""Linking products to the skills they teach: the extractor over the learning outcomes, then
the editors' decisions (confirm, remove, add), which extraction never overrides."""

from collections import defaultdict
from collections.abc import Iterable
from hashlib import blake2b

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.models import LearningOutcome, Product
from edcluster.core.services import audit_record
from edcluster.matching.models import ProductLinking, ProductSkill
from edcluster.matching.reach import product_demand_refresh
from edcluster.skills.models import Skill
from edcluster.skills.selectors import extractor

Origin, Decision = ProductSkill.Origin, ProductSkill.Decision
CHUNK = 200  # products per transaction


def outcomes_key(outcomes: Iterable[str]) -> int:
    digest = blake2b("\x1e".join(outcomes).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def products_link(
    product_ids: Iterable[int], *, force: bool = False, demand: bool = True
) -> dict[str, int]:
    """Extract the skills of these products' outcomes where the outcomes changed since the
    last time (or always, with `force`), and recount the demand the relinked ones meet (unless
    `demand` is false: a full recompute counts every product at once afterwards). Returns
    counts: products linked, links written."""
    ids = sorted(set(product_ids))
    counts = {"products": 0, "unchanged": 0, "links": 0}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        outcomes: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pk, product_id, text in (
            LearningOutcome.objects.filter(product_id__in=chunk)
            .order_by("product_id", "position")
            .values_list("pk", "product_id", "text")
        ):
            outcomes[product_id].append((pk, text))
        known = dict(
            ProductLinking.objects.filter(product_id__in=chunk).values_list(
                "product_id", "outcomes_key"
            )
        )
        todo = [
            pk for pk in chunk
            if force or known.get(pk) != outcomes_key(t for _o, t in outcomes.get(pk, []))
        ]  # fmt: skip
        counts["unchanged"] += len(chunk) - len(todo)
        if not todo:
            continue
        texts = [text for pk in todo for _outcome, text in outcomes.get(pk, [])]
        found = iter(extractor().extract_many(texts)) if texts else iter(())
        per_product: dict[int, dict[str, tuple[float, int, str]]] = {}
        for pk in todo:
            best: dict[str, tuple[float, int, str]] = {}
            for outcome, _text in outcomes.get(pk, []):
                for item in next(found):
                    if item.uri not in best or item.score > best[item.uri][0]:
                        best[item.uri] = (item.score, outcome, item.evidence[:1000])
            per_product[pk] = best
        uris = {uri for best in per_product.values() for uri in best}
        skills = dict(Skill.objects.filter(uri__in=uris, obsolete=False).values_list("uri", "pk"))
        with transaction.atomic():
            existing: dict[int, dict[int, ProductSkill]] = defaultdict(dict)
            for link in ProductSkill.objects.select_for_update().filter(product_id__in=todo):
                existing[link.product_id][link.skill_id] = link
            stale: list[int] = []
            fresh: list[ProductSkill] = []
            refreshed: list[ProductSkill] = []
            for pk in todo:
                wanted = {skills[uri]: value for uri, value in per_product[pk].items()
                          if uri in skills}  # fmt: skip
                for skill_id, link in existing[pk].items():
                    if (
                        link.origin == Origin.EXTRACTOR
                        and not link.decision
                        and (skill_id not in wanted)
                    ):
                        stale.append(link.pk)  # no longer found, never reviewed
                for skill_id, (score, outcome, evidence) in wanted.items():
                    current = existing[pk].get(skill_id)
                    if current is None:
                        fresh.append(ProductSkill(
                            product_id=pk, skill_id=skill_id, origin=Origin.EXTRACTOR,
                            score=round(score, 4), outcome_id=outcome, evidence=evidence,
                        ))  # fmt: skip
                    elif current.origin == Origin.EXTRACTOR:
                        current.score, current.outcome_id, current.evidence = (
                            round(score, 4),
                            outcome,
                            evidence,
                        )
                        refreshed.append(current)
                counts["links"] += len(wanted)
            ProductSkill.objects.filter(pk__in=stale).delete()
            ProductSkill.objects.bulk_create(fresh)
            ProductSkill.objects.bulk_update(refreshed, ["score", "outcome", "evidence"])
            for pk in todo:
                ProductLinking.objects.update_or_create(
                    product_id=pk,
                    defaults={"outcomes_key": outcomes_key(t for _o, t in outcomes.get(pk, []))},
                )
        counts["products"] += len(todo)
        if demand:
            product_demand_refresh(todo)
    return counts


def _demand_changed(product: Product) -> None:
    from edcluster.matching.tasks import refresh_product_demand

    product_id = product.pk
    transaction.on_commit(lambda: refresh_product_demand.enqueue(product_ids=[product_id]))


@transaction.atomic
def skill_decide(*, product: Product, skill: Skill, actor, decision: str) -> ProductSkill:
    """An editor confirms a linked skill, removes it, or takes a decision back."""
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Confirm, remove, or nothing.")})
    link = ProductSkill.objects.select_for_update().filter(product=product, skill=skill).first()
    if link is None:
        raise ValidationError({"skill": _("This skill is not linked to the product.")})
    if link.origin == Origin.EDITOR and decision == Decision.NONE:
        decision = Decision.CONFIRMED  # an added skill is the editor's own choice
    link.decision, link.decided_by, link.decided_at = decision, actor, timezone.now()
    link.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(
        actor=actor, verb="product.skill_decided", target=product,
        data={"skill": skill.uri, "decision": decision or "none"},
    )  # fmt: skip
    _demand_changed(product)
    return link


@transaction.atomic
def skill_add(*, product: Product, skill: Skill, actor) -> ProductSkill:
    """An editor adds a skill the product teaches (or brings back one removed)."""
    if skill.obsolete:
        raise ValidationError({"skill": _("This skill is no longer in the taxonomy.")})
    link, created = ProductSkill.objects.select_for_update().get_or_create(
        product=product, skill=skill,
        defaults={"origin": Origin.EDITOR, "decision": Decision.CONFIRMED, "decided_by": actor,
                  "decided_at": timezone.now()},
    )  # fmt: skip
    if not created:
        if link.decision == Decision.CONFIRMED:
            raise ValidationError({"skill": _("This skill is already linked to the product.")})
        link.decision, link.decided_by, link.decided_at = Decision.CONFIRMED, actor, timezone.now()
        link.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(actor=actor, verb="product.skill_added", target=product, data={"skill": skill.uri})
    _demand_changed(product)
    return link
