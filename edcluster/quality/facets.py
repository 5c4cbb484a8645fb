"""What quality adds to the catalog's list of products (core.facets), registered in
QualityConfig.ready: a "quality index at least" facet, a "quality index" order (best first,
products without an index last) and a badge with the index on each card that has one. The
index read is the product's latest cycle, as on the product page."""

from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from edcluster.core import facets
from edcluster.quality import selectors

ENTITY = "catalog.product"
BANDS = (90, 80, 70, 60, 50)


def _bands() -> list[tuple[str, str]]:
    return [(str(band), str(band)) for band in BANDS]


def _narrow(products, value: str):
    if not value.isdigit() or int(value) not in BANDS:
        return products
    return products.alias(quality_band=selectors.latest_index_value()).filter(
        quality_band__gte=Decimal(value)
    )


def _order(products):
    annotated = products.annotate(quality_index=selectors.latest_index_value())
    return annotated, (F("quality_index").desc(nulls_last=True), "-pk")


def _badges(request, products) -> dict[int, dict]:
    values = selectors.latest_index_values(product_ids=[product.pk for product in products])
    return {pk: {"value": value} for pk, value in values.items()}


def register() -> None:
    facets.register_facet(
        facets.Facet(
            ENTITY,
            name="quality",
            label=_("Quality index at least"),
            choices=_bands,
            narrow=_narrow,
        )
    )
    facets.register_order(
        facets.Order(ENTITY, name="quality", label=_("quality index"), apply=_order)
    )
    facets.register_badges(
        facets.Badges(
            ENTITY, name="quality", template="quality/product_badge.html", context=_badges
        )
    )
