"""Who sees and changes orders, and the reads of orders, rates and the revenue reports.

An order is read by its sellers' staff, its buying member's staff and operators (anyone else
gets 404); the sellers' administrators and editors (and operators) change it, the buyer's
staff only read it (403)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.catalog.models import Product
from edcluster.demand.selectors import requester_candidates
from edcluster.matching.models import Offer
from edcluster.organizations.models import Organization
from edcluster.sales.models import (
    ExchangeRate,
    Flow,
    Licence,
    Line,
    Order,
    Payment,
    PublishedYear,
    Seller,
    StatusChange,
    cents,
)
from edcluster.sales.services.conversion import missing_rate_message, rate_on
from edcluster.sales.services.orders import MOVES
from edcluster.sales.wording import quarter_text


def order_visible(*, viewer) -> QuerySet[Order]:
    """Every order for operators; for members' staff the orders where their organization sells
    or buys; none for anyone else."""
    if getattr(viewer, "is_operator", False):
        return Order.objects.all()
    if not viewer.is_authenticated:
        return Order.objects.none()
    mine = organization_ids_of(user=viewer)
    selling = Seller.objects.filter(organization__in=mine).values("order_id")
    return Order.objects.filter(Q(pk__in=selling) | Q(buyer_organization__in=mine))


def order_list(*, viewer, status: str = "", side: str = "", query: str = "") -> QuerySet[Order]:
    """The orders the viewer reads, filtered by status, side (selling or buying) and words,
    with their sellers (two queries a page)."""
    orders = order_visible(viewer=viewer)
    if status:
        orders = orders.filter(status=status)
    if side and viewer.is_authenticated:
        mine = organization_ids_of(user=viewer)
        if side == "selling":
            orders = orders.filter(sellers__organization__in=mine)
        elif side == "buying":
            orders = orders.filter(buyer_organization__in=mine)
    if query:
        orders = orders.filter(Q(number__icontains=query) | Q(buyer_name__icontains=query))
    sellers = Seller.objects.select_related("organization")
    return (
        orders.distinct()
        .prefetch_related(Prefetch("sellers", sellers))
        .order_by("-created_at", "-pk")
    )


def _editable_ids(user) -> set[int]:
    return set(organization_ids_editable(user=user).values_list("organization_id", flat=True))


def can_edit_order(*, user, order: Order) -> bool:
    """Operators and the sellers' administrators and editors change an order."""
    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    sellers = set(Seller.objects.filter(order=order).values_list("organization_id", flat=True))
    return bool(sellers & _editable_ids(user))


def access_order(*, user, order_id: int, for_write: bool = False) -> Order:
    """The order (404 for who may not read it; 403 for a reader who may not change it)."""
    order = get_object_or_404(
        order_visible(viewer=user).select_related("buyer_organization"), pk=order_id
    )
    if for_write and not can_edit_order(user=user, order=order):
        raise PermissionDenied
    return order


def access_line(*, user, order_id: int, line_id: int) -> Line:
    """A line of an order the user may change."""
    order = access_order(user=user, order_id=order_id, for_write=True)
    return get_object_or_404(Line.objects.select_related("order"), pk=line_id, order=order)


def seller_candidates(*, user) -> QuerySet[Organization]:
    """The admitted members the user may sell for (every one for operators)."""
    admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
    if not user.is_authenticated:
        return admitted.none()
    if user.is_operator:
        return admitted.order_by("name_ru")
    return admitted.filter(pk__in=organization_ids_editable(user=user)).order_by("name_ru")


def product_candidates(*, order: Order) -> QuerySet[Product]:
    """The products an order may sell: its sellers' products."""
    sellers = Seller.objects.filter(order=order).values("organization_id")
    return Product.objects.filter(owners__in=sellers).distinct().order_by("title_ru", "pk")


def access_offer_to_order(*, user, offer_id: int) -> Offer:
    """An accepted offer whose organization the user sells for (404 for anyone who does not
    work there; 403 for its staff who may not sell)."""
    offer = get_object_or_404(
        Offer.objects.select_related("product", "offering", "request__organization"),
        pk=offer_id,
        status=Offer.Status.ACCEPTED,
    )
    if user.is_authenticated and not user.is_operator:
        mine = organization_ids_of(user=user).filter(organization_id=offer.organization_id)
        if not mine.exists():
            raise Http404
    if not seller_candidates(user=user).filter(pk=offer.organization_id).exists():
        raise PermissionDenied
    return offer


def offers_awaiting_order(*, user) -> QuerySet[Offer]:
    """Accepted offers of the members the user sells for that no order came from yet."""
    ordered = Order.objects.filter(origin_offer__isnull=False).values("origin_offer_id")
    return (
        Offer.objects.filter(
            status=Offer.Status.ACCEPTED,
            organization__in=seller_candidates(user=user),
        )
        .exclude(pk__in=ordered)
        .select_related("product", "request__organization")
        .order_by("-decided_at", "-pk")
    )


def allowed_moves(*, order: Order) -> tuple[str, ...]:
    return MOVES[order.status]


def order_history(order: Order) -> QuerySet[StatusChange]:
    return order.status_changes.select_related("actor").order_by("on", "pk")


@dataclass(frozen=True)
class Figure:
    """An amount in its currency and in roubles at a date's rate, or why it has none."""

    amount: Decimal
    currency: str
    on: date | None
    roubles: Decimal | None
    missing: str = ""


def figure(amount: Decimal, currency: str, on: date | None) -> Figure:
    """The amount converted at the date's rate (no date: not yet convertible)."""
    if on is None:
        return Figure(amount, currency, on, None)
    rate = rate_on(currency, on)
    if rate is None:
        return Figure(amount, currency, on, None, missing_rate_message(currency, on))
    return Figure(amount, currency, on, cents(amount * rate))


def order_lines(order: Order) -> list[tuple[Line, Figure]]:
    """The lines with their amounts, in roubles at the signing date's rate."""
    lines = order.lines.select_related("product", "offering").order_by("pk")
    return [(line, figure(line.amount, line.currency, order.signed_on)) for line in lines]


def order_payments(order: Order) -> list[tuple[Payment, Figure]]:
    """The payments, in roubles at each payment date's rate."""
    payments = order.payments.order_by("paid_on", "pk")
    return [(p, figure(p.amount, p.currency, p.paid_on)) for p in payments]


def order_totals(figures: list[Figure]) -> dict:
    """The roubles of the figures that have a rate, and how many were left out."""
    known = [f.roubles for f in figures if f.roubles is not None]
    return {
        "roubles": sum(known, Decimal(0)),
        "left_out": len(figures) - len(known),
        "missing": sorted({f.missing for f in figures if f.missing}),
    }


def rate_list(*, currency: str = "", since: date | None = None) -> QuerySet[ExchangeRate]:
    """The stored exchange rates, newest first."""
    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(currency=currency)
    if since:
        rates = rates.filter(on__gte=since)
    return rates.order_by("-on", "currency")


def payments_sum(order: Order) -> Decimal:
    return order.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def licence_visible(*, viewer) -> QuerySet[Licence]:
    """Every licence for operators; for members' staff those of their products or granted to
    their organizations."""
    if getattr(viewer, "is_operator", False):
        return Licence.objects.all()
    if not viewer.is_authenticated:
        return Licence.objects.none()
    mine = organization_ids_of(user=viewer)
    return Licence.objects.filter(
        Q(product__owners__in=mine) | Q(licensee_organization__in=mine)
    ).distinct()


def can_license(*, user, product: Product) -> bool:
    """Operators and the product's owners' editors grant its licences."""
    if not user.is_authenticated:
        return False
    owners = set(product.owners.values_list("pk", flat=True))
    return user.is_operator or bool(owners & _editable_ids(user))


def access_licence(*, user, licence_id: int, for_write: bool = False) -> Licence:
    """The licence (404 for who may not read it; 403 for a reader who may not change it)."""
    licence = get_object_or_404(
        licence_visible(viewer=user).select_related("product"), pk=licence_id
    )
    if for_write and not can_license(user=user, product=licence.product):
        raise PermissionDenied
    return licence


def licence_list(*, viewer, side: str = "", status: str = "") -> QuerySet[Licence]:
    """The licences the viewer reads, as licensor (of their products) or licensee."""
    licences = licence_visible(viewer=viewer)
    if side and viewer.is_authenticated:
        mine = organization_ids_of(user=viewer)
        if side == "licensor":
            licences = licences.filter(product__owners__in=mine)
        elif side == "licensee":
            licences = licences.filter(licensee_organization__in=mine)
    if status:
        licences = licences.filter(status=status)
    return (
        licences.select_related("product", "licensee_organization")
        .distinct()
        .order_by("-starts_on", "-pk")
    )


def licensable_products(*, user) -> QuerySet[Product]:
    """The products the user may license: those of the members they sell for."""
    return (
        Product.objects.filter(owners__in=seller_candidates(user=user))
        .distinct()
        .order_by("title_ru", "pk")
    )


def training_buyers(*, user, product: Product) -> QuerySet[Organization]:
    """The employers the user may order the product for: organizations that state demand where
    the user edits, its owners left out (operators order for no one)."""
    if not user.is_authenticated or user.is_operator:
        return Organization.objects.none()
    owners = product.owners.values("pk")
    return requester_candidates(user=user).exclude(pk__in=owners)


def access_training_product(*, user, slug: str) -> Product:
    """A published product the user may order training of (404 unpublished; 403 for who
    orders for no employer)."""
    product = get_object_or_404(Product, slug=slug, status=Product.Status.PUBLISHED)
    if not training_buyers(user=user, product=product).exists():
        raise PermissionDenied
    return product


def published_years() -> QuerySet[PublishedYear]:
    """The years whose aggregates operators published, newest first (public)."""
    return PublishedYear.objects.order_by("-year")


def published_labelled(published: PublishedYear) -> dict:
    """A published year's figures with each row named in the reader's language."""
    figures = dict(published.figures)
    namers = {
        "period": quarter_text,
        "flow": lambda key: str(Flow(key).label) if key in Flow.values else key,
        "country": lambda key: str(countries.name(key) or key),
    }
    for name, namer in namers.items():
        figures[name] = [
            row | {"label": namer(row["key"]), "contracted": Decimal(row["contracted"])}
            for row in figures.get(name, [])
        ]
    for name in ("contracted", "received"):
        figures[name] = Decimal(figures[name])
    return figures


def access_document(*, user, order_id: int, document_id: int, for_write: bool = False):
    """A document of an order the user reads (changes, with `for_write`)."""
    order = access_order(user=user, order_id=order_id, for_write=for_write)
    return get_object_or_404(order.documents.select_related("order"), pk=document_id)


def document_response(document) -> HttpResponse:
    """A document as a download, never shown in the browser's tab as a page."""
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, document.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# What quality (the layer above) reads of an order to take its buyer's feedback.
ORDER_DONE = (Order.Status.DELIVERED, Order.Status.PAID, Order.Status.CLOSED)


def order_done(order: Order) -> bool:
    """The training was delivered: the order is delivered, paid or closed."""
    return order.status in ORDER_DONE


def is_order_buyer(*, user, order: Order) -> bool:
    """The user is on the staff of the order's buying organization (a member)."""
    if not user.is_authenticated or order.buyer_organization_id is None:
        return False
    mine = organization_ids_of(user=user)
    return mine.filter(organization_id=order.buyer_organization_id).exists()


def order_product_ids(order: Order) -> list[int]:
    """The distinct products of the order's lines."""
    return sorted(set(order.lines.values_list("product_id", flat=True)))


def orders_done_bought_by(*, user) -> QuerySet[Order]:
    """The delivered, paid or closed orders the user's organizations bought."""
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(
        status__in=ORDER_DONE, buyer_organization__in=organization_ids_of(user=user)
    )
