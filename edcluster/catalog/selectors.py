from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.selectors import EDITING_ROLES, organization_ids_of
from edcluster.catalog.models import Product


def product_visible(*, viewer) -> QuerySet[Product]:
    """Published products for everyone; every product of the viewer's organizations; all for
    operators."""
    products = Product.objects.all()
    if viewer.is_authenticated and viewer.is_operator:
        return products
    return products.filter(
        Q(status=Product.Status.PUBLISHED)
        | Q(ownerships__organization__in=organization_ids_of(user=viewer))
    ).distinct()


def can_edit_product(*, user, product: Product) -> bool:
    """Operators, and administrators and editors of any owner (co-owners edit joint products)."""
    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    editing = organization_ids_of(user=user, roles=EDITING_ROLES)
    return product.ownerships.filter(organization__in=editing).exists()


def access_product(*, user, slug: str, for_write: bool = False) -> Product:
    """A product the user may see (404 otherwise), and may edit when asked."""
    product = get_object_or_404(product_visible(viewer=user), slug=slug)
    if for_write and not can_edit_product(user=user, product=product):
        raise PermissionDenied
    return product
