"""The sections the catalog adds to lower apps' pages (see edcluster.core.sections): an
organization's products. Each context function checks who may see what and returns None to
show nothing."""

from edcluster.catalog.models import Product
from edcluster.catalog.selectors import product_visible
from edcluster.core import sections


def organization_products_context(request, organization) -> dict | None:
    """The organization's products the viewer may read: the published ones for everyone, and
    drafts, products in review and archived ones too for its own staff (and operators)."""
    products = list(
        product_visible(viewer=request.user)
        .filter(ownerships__organization=organization)
        .distinct()
        .order_by("title_ru", "title_en", "pk")
    )
    if not products:
        return None
    published = Product.Status.PUBLISHED
    return {
        "organization": organization,
        "published": sorted((p for p in products if p.status == published), key=_title),
        "unpublished": sorted((p for p in products if p.status != published), key=_title),
    }


def _title(product: Product) -> str:
    return product.title.casefold()


def register() -> None:
    """The catalog's sections of other apps' pages (called from CatalogConfig.ready)."""
    sections.register(
        "organizations.organization",
        name="catalog.products",
        order=10,
        template="catalog/organization_products.html",
        context=organization_products_context,
    )
