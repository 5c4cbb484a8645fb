"""Orders: their buyer, sellers, lines, status and payments."""

import functools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Offering, Product
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.organizations.models import Organization
from edcluster.sales import selectors, services
from edcluster.sales.models import Line, Order

router = Router()

OrderStatus = api_enum("OrderStatus", Order.Status)
BuyerKind = api_enum("OrderBuyerKind", Order.BuyerKind)
Unit = api_enum("OrderLineUnit", Line.Unit)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)
Money = Field(..., max_digits=16, decimal_places=2)


def conflicts_409(view: Callable) -> Callable:
    """An OrderConflict from the service becomes 409 with its message."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.OrderConflict as conflict:
            return Status(409, {"detail": " ".join(conflict.messages)})

    return answer


class SellerIO(Schema):
    organization: str = Field(..., min_length=1, max_length=100, description="A member's slug")
    share: Decimal = Field(..., max_digits=5, decimal_places=2, description="%")


class BuyerIn(In):
    kind: BuyerKind  # type: ignore[valid-type]
    organization: str = Field("", max_length=100, description="A member's slug (kind member)")
    name: str = Field("", max_length=300)
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: str = Field("", max_length=120)


class OrderIn(In):
    buyer: BuyerIn
    product: str = Field(
        "", max_length=100, description="A product's slug: its owners sell, unless sellers given"
    )
    sellers: list[SellerIO] | None = Field(None, max_length=20)
    number: str = Field("", max_length=40)
    note: str = Field("", max_length=5000)
    on: date | None = Field(None, description="The quote's date; today if not given")


class OrderChangeIn(In):
    buyer: BuyerIn | None = None
    note: str | None = Field(None, max_length=5000)


class SellersIn(In):
    sellers: list[SellerIO] = Field(..., min_length=1, max_length=20)


class LineIn(In):
    product: str = Field(..., min_length=1, max_length=100, description="A product's slug")
    offering: int | None = None
    quantity: Decimal = Field(..., max_digits=12, decimal_places=2)
    unit: Unit  # type: ignore[valid-type]
    unit_price: Decimal = Money
    currency: str = Field(..., max_length=3, description="ISO 4217")


class StatusIn(In):
    status: OrderStatus  # type: ignore[valid-type]
    on: date


class PaymentIn(In):
    paid_on: date
    amount: Decimal = Money
    currency: str = Field(..., max_length=3, description="ISO 4217")


class FigureOut(Schema):
    roubles: Decimal | None
    missing: str


class LineOut(Schema):
    id: int
    product: str
    offering: int | None
    quantity: Decimal
    unit: str
    unit_price: Decimal
    currency: str
    amount: Decimal
    flow: str


class PaymentOut(Schema):
    id: int
    paid_on: date
    amount: Decimal
    currency: str
    in_roubles: FigureOut


class OrderFields(Schema):
    id: int
    number: str
    status: str
    status_on: date
    signed_on: date | None
    buyer_kind: str
    buyer_organization: str | None
    buyer_name: str
    buyer_country: str
    buyer_region: str
    sellers: list[SellerIO]
    created_at: datetime


class OrderOut(OrderFields):
    @staticmethod
    def resolve_buyer_organization(order: Order) -> str | None:
        return order.buyer_organization.slug if order.buyer_organization else None

    @staticmethod
    def resolve_buyer_country(order: Order) -> str:
        return str(order.buyer_country)

    @staticmethod
    def resolve_sellers(order: Order) -> list[dict]:
        return [
            {"organization": seller.organization.slug, "share": seller.share}
            for seller in order.sellers.all()
        ]


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    on: date


class OrderDetailOut(OrderFields):
    note: str
    lines: list[LineOut]
    contracted_roubles: Decimal
    received_roubles: Decimal
    missing_rates: list[str]
    history: list[StatusChangeOut]


class OrderFilters(In):
    q: str = Field("", max_length=200)
    status: OrderStatus | None = None  # type: ignore[valid-type]
    side: str = Field("", pattern="^(|selling|buying)$")


def _detail(order: Order) -> dict:
    lines = selectors.order_lines(order)
    payments = selectors.order_payments(order)
    contracted = selectors.order_totals([f for _line, f in lines])
    received = selectors.order_totals([f for _payment, f in payments])
    return {
        **{name: getattr(order, name) for name in ("id", "number", "status", "status_on")},
        **{name: getattr(order, name) for name in ("signed_on", "buyer_kind", "buyer_name")},
        "buyer_organization": OrderOut.resolve_buyer_organization(order),
        "buyer_country": str(order.buyer_country),
        "buyer_region": order.buyer_region,
        "sellers": OrderOut.resolve_sellers(order),
        "created_at": order.created_at,
        "note": order.note,
        "lines": [_line(line) for line, _figure in lines],
        "contracted_roubles": contracted["roubles"],
        "received_roubles": received["roubles"],
        "missing_rates": sorted(set(contracted["missing"]) | set(received["missing"])),
        "history": list(selectors.order_history(order)),
    }


def _line(line: Line) -> dict:
    return {
        "id": line.pk,
        "product": line.product.slug,
        "offering": line.offering_id,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": line.unit_price,
        "currency": line.currency,
        "amount": line.amount,
        "flow": line.flow,
    }


def _organization(slug: str, field: str) -> Organization:
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("No organization has this short address.")})
    return found


def _buyer(payload: BuyerIn) -> dict:
    organization = None
    if str(payload.kind) == Order.BuyerKind.MEMBER:
        organization = _organization(payload.organization, "buyer_organization")
    return services.buyer_fields(
        kind=str(payload.kind),
        organization=organization,
        name=payload.name,
        country=payload.country.upper(),
        region=payload.region,
    )


def _sellers(given: list[SellerIO]) -> list[tuple[Organization, Decimal]]:
    return [(_organization(s.organization, "sellers"), s.share) for s in given]


def _require_seller(user, sellers: list[tuple[Organization, Decimal]]) -> None:
    candidates = selectors.seller_candidates(user=user)
    if not candidates.filter(pk__in=[organization.pk for organization, _ in sellers]).exists():
        raise PermissionDenied


@router.get("/orders", response={200: list[OrderOut], **errors(401, 422)})
@paginate(Pages)
def list_orders(request: AuthenticatedHttpRequest, filters: Query[OrderFilters]):
    """Orders where the caller's organizations sell or buy (every order for operators)."""
    return selectors.order_list(
        viewer=request.user, status=str(filters.status or ""), side=filters.side, query=filters.q
    )


@router.post("/orders", response={201: OrderDetailOut, **WRITE_ERRORS})
def create_order(request: AuthenticatedHttpRequest, payload: OrderIn):
    """A quote; the caller edits for one of its sellers (by default the product's owners)."""
    product = None
    if payload.product:
        product = Product.objects.filter(slug=payload.product).first()
        if product is None:
            raise ValidationError({"product": _("No product has this short address.")})
    sellers = (
        _sellers(payload.sellers)
        if payload.sellers is not None
        else (services.owners_shares(product) if product else [])
    )
    if sellers:
        _require_seller(request.user, sellers)
    order = services.order_create(
        actor=request.user,
        buyer=_buyer(payload.buyer),
        sellers=sellers,
        number=payload.number,
        note=payload.note,
        on=payload.on,
    )
    return Status(201, _detail(order))


@router.get("/orders/{order_id}", response={200: OrderDetailOut, **errors(401, 404, 422)})
def get_order(request: AuthenticatedHttpRequest, order_id: int):
    """One order with its lines, revenue in roubles, the rates it lacks and its history."""
    return _detail(selectors.access_order(user=request.user, order_id=order_id))


@router.patch("/orders/{order_id}", response={200: OrderDetailOut, **WRITE_ERRORS})
@conflicts_409
def update_order(request: AuthenticatedHttpRequest, order_id: int, payload: OrderChangeIn):
    """Change the buyer (the lines' flows follow) or the note."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    buyer = _buyer(payload.buyer) if payload.buyer else None
    order = services.order_update(order=order, actor=request.user, buyer=buyer, note=payload.note)
    return _detail(order)


@router.put("/orders/{order_id}/sellers", response={200: OrderDetailOut, **WRITE_ERRORS})
@conflicts_409
def set_sellers(request: AuthenticatedHttpRequest, order_id: int, payload: SellersIn):
    """Replace the sellers and their shares (summing to 100)."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    order = services.sellers_set(order=order, actor=request.user, sellers=_sellers(payload.sellers))
    return _detail(order)


@router.post("/orders/{order_id}/lines", response={201: OrderDetailOut, **WRITE_ERRORS})
@conflicts_409
def add_line(request: AuthenticatedHttpRequest, order_id: int, payload: LineIn):
    """A line selling one of the sellers' products."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    product = selectors.product_candidates(order=order).filter(slug=payload.product).first()
    if product is None:
        raise ValidationError({"product": _("No product of the order's sellers has this address.")})
    offering = None
    if payload.offering is not None:
        offering = Offering.objects.filter(pk=payload.offering, product=product).first()
        if offering is None:
            raise ValidationError({"offering": _("This offering is not of the line's product.")})
    services.line_add(
        order=order,
        actor=request.user,
        product=product,
        offering=offering,
        quantity=payload.quantity,
        unit=str(payload.unit),
        unit_price=payload.unit_price,
        currency=payload.currency,
    )
    return Status(201, _detail(order))


@router.delete("/orders/{order_id}/lines/{line_id}", response={204: None, **WRITE_ERRORS})
@conflicts_409
def remove_line(request: AuthenticatedHttpRequest, order_id: int, line_id: int):
    """Take a line off the order."""
    line = selectors.access_line(user=request.user, order_id=order_id, line_id=line_id)
    services.line_remove(line=line, actor=request.user)
    return Status(204, None)


@router.post("/orders/{order_id}/status", response={200: OrderDetailOut, **WRITE_ERRORS})
@conflicts_409
def move_order(request: AuthenticatedHttpRequest, order_id: int, payload: StatusIn):
    """Move the status, dated (signing fixes the lines' flows)."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    order = services.order_move(
        order=order, actor=request.user, to=str(payload.status), on=payload.on
    )
    return _detail(order)


@router.get(
    "/orders/{order_id}/payments", response={200: list[PaymentOut], **errors(401, 404, 422)}
)
def list_payments(request: AuthenticatedHttpRequest, order_id: int):
    """The order's payments, each in roubles at its date's rate (or the rate it lacks)."""
    order = selectors.access_order(user=request.user, order_id=order_id)
    return [
        {
            "id": payment.pk,
            "paid_on": payment.paid_on,
            "amount": payment.amount,
            "currency": payment.currency,
            "in_roubles": {"roubles": figure.roubles, "missing": figure.missing},
        }
        for payment, figure in selectors.order_payments(order)
    ]


@router.post("/orders/{order_id}/payments", response={201: list[PaymentOut], **WRITE_ERRORS})
@conflicts_409
def add_payment(request: AuthenticatedHttpRequest, order_id: int, payload: PaymentIn):
    """Record money received (409 on a quote, a closed or a cancelled order)."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    services.payment_add(
        order=order,
        actor=request.user,
        paid_on=payload.paid_on,
        amount=payload.amount,
        currency=payload.currency,
    )
    return Status(201, list_payments(request, order_id))
