from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from edcluster.accounts.selectors import EDITING_ROLES, organization_ids_of
from edcluster.catalog.models import Product
from edcluster.organizations.models import Organization, fold_for_search


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


def product_search(
    *, viewer, query: str = "", kind: str = "", mode: str = "", stage: str = "", owner: str = ""
) -> QuerySet[Product]:
    """The catalog as the viewer may see it, filtered; title matches rank first."""
    products = product_visible(viewer=viewer)
    words = fold_for_search(query).split()
    for word in words:
        products = products.filter(search_text__contains=word)
    if kind:
        products = products.filter(kind=kind)
    if mode:
        products = products.filter(mode=mode)
    if stage:
        products = products.filter(stage=stage)
    if owner:
        products = products.filter(ownerships__organization__slug=owner)
    ordering = ["-published_at", "pk"]
    if words:
        # A product whose title holds the first word outranks one that only mentions it.
        products = products.annotate(
            title_hit=Case(When(search_title__contains=words[0], then=Value(0)), default=Value(1))
        )
        ordering.insert(0, "title_hit")
    return products.prefetch_related("ownerships__organization").order_by(*ordering)


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


def owner_candidates(*, user) -> QuerySet[Organization]:
    """Organizations the user may create products for: admitted, where they edit."""
    admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
    if user.is_authenticated and user.is_operator:
        return admitted
    return admitted.filter(pk__in=organization_ids_of(user=user, roles=EDITING_ROLES))


def review_queue(*, viewer) -> QuerySet[Product]:
    """Products waiting for an operator's decision, oldest first."""
    if not (viewer.is_authenticated and viewer.is_operator):
        raise PermissionDenied
    return (
        Product.objects.filter(status=Product.Status.IN_REVIEW)
        .prefetch_related("ownerships__organization")
        .order_by("updated_at", "pk")
    )
