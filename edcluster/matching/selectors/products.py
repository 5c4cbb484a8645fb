"""Reads of the supply side: the skills a product teaches."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from edcluster.matching.models import ProductSkill


def product_skills(product, *, with_removed: bool = False) -> QuerySet[ProductSkill]:
    """The product's skills: confirmed and added first, then the extractor's by score; removed
    ones (for its editors) last."""
    links = ProductSkill.objects.filter(product=product).select_related("skill", "outcome")
    if not with_removed:
        links = links.exclude(decision=ProductSkill.Decision.REMOVED)
    rank = Case(
        When(decision=ProductSkill.Decision.CONFIRMED, then=Value(0)),
        When(decision=ProductSkill.Decision.REMOVED, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return links.annotate(rank=rank).order_by("rank", "-score", "skill__label")
