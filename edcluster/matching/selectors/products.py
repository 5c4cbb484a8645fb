"""Reads of the supply side: the skills a product teaches."""

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext as _

from edcluster.catalog.models import LearningOutcome, Product
from edcluster.demand.selectors import Backlog, extraction_backlog
from edcluster.matching.models import ProductLinking, ProductSkill


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


def linking_backlog() -> Backlog | None:
    """The published products with learning outcomes whose skills are not linked yet (the
    linking is queued or running in the background), or None when all are linked: until then
    coverage and gaps miss what those products teach."""
    products = Product.objects.filter(status=Product.Status.PUBLISHED).filter(
        Exists(LearningOutcome.objects.filter(product=OuterRef("pk")))
    )
    waiting = products.exclude(
        Exists(ProductLinking.objects.filter(product=OuterRef("pk")))
    ).count()
    if not waiting:
        return None
    total = products.count()
    return Backlog(done=total - waiting, total=total)


def processing(*, products: bool = True) -> list[dict]:
    """What a page's figures still wait for, for core/processing.html: the postings whose
    skills are not extracted yet and (unless `products` is false) the published products not
    linked yet; empty when nothing waits."""
    items = []
    if (postings := extraction_backlog()) is not None:
        what = _("job postings with their skills extracted")
        items.append({"what": what, "done": postings.done, "total": postings.total})
    if products and (linked := linking_backlog()) is not None:
        what = _("published products with their learning outcomes linked to skills")
        items.append({"what": what, "done": linked.done, "total": linked.total})
    return items
