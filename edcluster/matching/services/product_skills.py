"""A product's skills as its editors decide them (confirm, remove, add), and the relinking
when its learning outcomes change (the catalog's follow-up PRODUCT_OUTCOMES_CHANGED)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.models import Product
from edcluster.core.services import audit_record
from edcluster.matching.models import ProductSkill
from edcluster.matching.tasks import link_products, refresh_product_demand
from edcluster.skills.models import Skill

Origin, Decision = ProductSkill.Origin, ProductSkill.Decision
RELINK_CHUNK = 1000  # products per task


def products_relink(product_ids: list[int]) -> None:
    """Link these products' skills again in the background (their outcomes changed): the
    handler of the follow-up PRODUCT_OUTCOMES_CHANGED, run after the catalog's commit."""
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), RELINK_CHUNK):
        link_products.enqueue(product_ids=ids[start : start + RELINK_CHUNK])


def _demand_changed(product: Product) -> None:
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
        actor=actor,
        verb="product.skill_decided",
        target=product,
        data={"skill": skill.uri, "decision": decision or "none"},
    )
    _demand_changed(product)
    return link


@transaction.atomic
def skill_add(*, product: Product, skill: Skill, actor) -> ProductSkill:
    """An editor adds a skill the product teaches (or brings back one removed)."""
    if skill.obsolete:
        raise ValidationError({"skill": _("This skill is no longer in the taxonomy.")})
    link, created = ProductSkill.objects.select_for_update().get_or_create(
        product=product,
        skill=skill,
        defaults={
            "origin": Origin.EDITOR,
            "decision": Decision.CONFIRMED,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    if not created:
        if link.decision == Decision.CONFIRMED:
            raise ValidationError({"skill": _("This skill is already linked to the product.")})
        link.decision, link.decided_by, link.decided_at = Decision.CONFIRMED, actor, timezone.now()
        link.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(actor=actor, verb="product.skill_added", target=product, data={"skill": skill.uri})
    _demand_changed(product)
    return link
