"""Orders: creating one (its sellers by default the product's owners), its buyer, sellers and
lines, its status with dated history, and payments. Each write moves the rollups by what it
changes, and once the order is signed fixes (or, when a party changes, recomputes) each line's
flow."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.models import Offering, Product, ProductOwner
from edcluster.core.currencies import ISO_4217
from edcluster.core.services import audit_record, audit_records
from edcluster.organizations.models import Organization
from edcluster.sales.models import CENT, Line, Order, Payment, Seller, StatusChange
from edcluster.sales.services.flows import flow_of
from edcluster.sales.services.rollups import Parts, moving_orders

Status = Order.Status
MOVES: dict[str, tuple[str, ...]] = {
    Status.QUOTE: (Status.SIGNED, Status.CANCELLED),
    Status.SIGNED: (Status.DELIVERED, Status.PAID, Status.CANCELLED),
    Status.DELIVERED: (Status.PAID, Status.CANCELLED),
    Status.PAID: (Status.DELIVERED, Status.CLOSED, Status.CANCELLED),
    Status.CLOSED: (),
    Status.CANCELLED: (),
}
PAYABLE = (Status.SIGNED, Status.DELIVERED, Status.PAID)
HUNDRED = Decimal(100)


class OrderConflict(ValidationError):
    """A write the order's state forbids (a payment on a cancelled order, a change of a closed
    one): the API answers 409, a page shows the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


def _require_open(order: Order) -> None:
    if not order.is_open:
        raise OrderConflict(
            _("The order is %(status)s; it changes no more.")
            % {"status": order.get_status_display()}
        )


def _require_quote(order: Order) -> None:
    if order.status != Status.QUOTE:
        raise OrderConflict(
            _(
                "The order is %(status)s: its lines are the contract's and change no more "
                "(cancel it and make a new one)."
            )
            % {"status": order.get_status_display()}
        )


def order_rules(order: Order) -> dict[str, bool]:
    """What the order's status allows (the pages show only these actions; the services
    refuse the rest): lines change in a quote; the buyer, sellers and note while the order is
    open; payments once signed and until cancelled or closed; a move where one is left."""
    return {
        "lines": order.status == Status.QUOTE,
        "parties": order.is_open,
        "payments": order.status in PAYABLE,
        "moves": bool(MOVES[order.status]),
    }


def check_currency(currency: str, field: str = "currency") -> None:
    if currency not in ISO_4217:
        raise ValidationError(
            {field: _("%(code)r is not an ISO 4217 currency code.") % {"code": currency}}
        )


@contextmanager
def _changing(order: Order, lines: list[Line] | None = None) -> Iterator[Order]:
    """Lock the order, move its rollups by the change, then fix its lines' flows (what that
    reads, the rollups do not read again). Given a list, the order's lines are read into it
    once locked, for a change that leaves them as they are."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if lines is not None:
        lines.extend(Line.objects.filter(order=locked).order_by("pk"))
    was_quote = locked.status == Status.QUOTE
    read = {locked.pk: Parts(lines=lines)} if lines is not None else {}
    with moving_orders(orders=[locked], read=read):
        yield locked
        parts = _flows_fix(locked, lines)
        if parts is not None:
            # a quote takes no payment (only a signed order does): nothing to read
            read[locked.pk] = parts._replace(payments=[]) if was_quote else parts


def _flows_fix(order: Order, lines: list[Line] | None = None) -> Parts | None:
    """Set the flow of the order's lines (a quote's have none); the lines (read unless given)
    and sellers."""
    if order.status == Status.QUOTE:  # a quote's lines have no flow: none is ever set on them
        return None
    sellers = list(
        Seller.objects.filter(order=order)
        .select_related("organization")
        .only("order_id", "share", "organization__country", "organization__region")
        .order_by("pk")
    )
    flow = flow_of(
        buyer_country=str(order.buyer_country),
        buyer_region=order.buyer_region,
        sellers=[seller.organization for seller in sellers],
    )
    if lines is None:
        lines = list(Line.objects.filter(order=order).order_by("pk"))
    if any(line.flow != flow for line in lines):
        Line.objects.filter(order=order).exclude(flow=flow).update(flow=flow)
        for line in lines:
            line.flow = flow
    return Parts(lines=lines, sellers=sellers)


def buyer_fields(
    *, kind: str, organization: Organization | None, name: str, country: str, region: str
) -> dict:
    """The buyer as the order keeps it: a member's name and place come from its profile."""
    if kind == Order.BuyerKind.MEMBER:
        if organization is None:
            raise ValidationError({"buyer_organization": _("Choose the buying organization.")})
        return {
            "buyer_kind": kind,
            "buyer_organization": organization,
            "buyer_name": organization.name,
            "buyer_country": str(organization.country),
            "buyer_region": organization.region,
        }
    errors = {}
    if not name.strip():
        errors["buyer_name"] = _("Name the buyer.")
    if not country:
        errors["buyer_country"] = _("Give the buyer's country.")
    if errors:
        raise ValidationError(errors)
    return {
        "buyer_kind": kind,
        "buyer_organization": None,
        "buyer_name": name.strip(),
        "buyer_country": country,
        "buyer_region": region.strip(),
    }


def owners_shares(product: Product) -> list[tuple[Organization, Decimal]]:
    """The product's owners with equal shares summing to 100 (the lead takes the cents left)."""
    owners = [
        owner.organization
        for owner in ProductOwner.objects.filter(product=product)
        .select_related("organization")
        .order_by("-role", "pk")
    ]
    owners.sort(key=lambda organization: organization.pk)
    lead = ProductOwner.objects.filter(product=product, role="lead").first()
    if lead is not None:
        owners.sort(key=lambda organization: organization.pk != lead.organization_id)
    if not owners:
        return []
    each = (HUNDRED / len(owners)).quantize(CENT, rounding="ROUND_DOWN")
    shares = [each] * len(owners)
    shares[0] += HUNDRED - each * len(owners)
    return list(zip(owners, shares, strict=True))


def _sellers_check(sellers: Sequence[tuple[Organization, Decimal]]) -> None:
    if not sellers:
        raise ValidationError({"sellers": _("Name at least one seller.")})
    if len({organization.pk for organization, _share in sellers}) != len(sellers):
        raise ValidationError({"sellers": _("A seller is named twice.")})
    if any(share <= 0 or share > HUNDRED for _organization, share in sellers):
        raise ValidationError({"sellers": _("Each share is more than 0% and at most 100%.")})
    total = sum((share for _organization, share in sellers), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            {"sellers": _("The shares add up to %(total)s%%, not 100%%.") % {"total": total}}
        )


@transaction.atomic
def order_create(
    *,
    actor,
    buyer: dict,
    sellers: Sequence[tuple[Organization, Decimal]] | None = None,
    product: Product | None = None,
    number: str = "",
    note: str = "",
    origin_offer=None,
    on: date | None = None,
) -> Order:
    """A quote for the buyer, dated (today unless given: an order entered after the fact);
    its sellers are given or, with a product, the product's owners."""
    if sellers is None:
        sellers = owners_shares(product) if product is not None else []
    _sellers_check(sellers)
    order = Order(number=number.strip() or f"new-{uuid4().hex}", note=note, **buyer)
    order.status_on = on or timezone.localdate()
    order.origin_offer = origin_offer
    # a new quote meets the table's checks by construction (buyer_fields; no signing yet), and
    # the database holds them too: not asked of it one by one; a number made here is unique
    # (a UUID), so only a given one is looked up
    order.full_clean(
        exclude=["origin_offer"], validate_constraints=False, validate_unique=bool(number.strip())
    )
    order.save()
    if not number.strip():
        order.number = f"{order.created_at:%Y}-{order.pk:05d}"
        Order.objects.filter(pk=order.pk).update(number=order.number)
    Seller.objects.bulk_create(
        Seller(order=order, organization=organization, share=share)
        for organization, share in sellers
    )
    StatusChange.objects.create(
        order=order, to_status=order.status, on=order.status_on, actor=_user(actor)
    )
    audit_record(
        actor=actor, verb="sales.order_created", target=order, data={"number": order.number}
    )
    return order


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def order_update(*, order: Order, actor, buyer: dict | None = None, note: str | None = None):
    """Change the buyer (the lines' flows are recomputed) or the note."""
    with _changing(order) as locked:
        _require_open(locked)
        for name, value in (buyer or {}).items():
            setattr(locked, name, value)
        if note is not None:
            locked.note = note
        locked.full_clean(exclude=["origin_offer"])
        locked.save()
    audit_record(actor=actor, verb="sales.order_updated", target=locked)
    return locked


@transaction.atomic
def sellers_set(*, order: Order, actor, sellers: Sequence[tuple[Organization, Decimal]]) -> Order:
    """Replace the sellers and their shares (summing to 100)."""
    _sellers_check(sellers)
    with _changing(order) as locked:
        _require_open(locked)
        Seller.objects.filter(order=locked).delete()
        Seller.objects.bulk_create(
            Seller(order=locked, organization=organization, share=share)
            for organization, share in sellers
        )
    audit_record(
        actor=actor,
        verb="sales.sellers_set",
        target=locked,
        data={organization.slug: str(share) for organization, share in sellers},
    )
    return locked


def _line_check(line: Line) -> None:
    check_currency(line.currency)
    if line.quantity is None or line.quantity <= 0:
        raise ValidationError({"quantity": _("The quantity is more than zero.")})
    if line.unit_price is None or line.unit_price < 0:
        raise ValidationError({"unit_price": _("The unit price is not negative.")})
    if line.offering is not None and line.offering.product_id != line.product_id:
        raise ValidationError({"offering": _("This offering is not of the line's product.")})
    # the product and offering are rows the caller read, not looked up again; the checks above
    # are the table's constraint, which the database holds too
    line.full_clean(exclude=["order", "flow", "product", "offering"], validate_constraints=False)


def line_add(
    *,
    order: Order,
    actor,
    product: Product,
    quantity: Decimal,
    unit: str,
    unit_price: Decimal,
    currency: str,
    offering: Offering | None = None,
) -> Line:
    """A line of a quote (its flow is fixed when the order is signed): `lines_add` of one, in
    its transaction (no savepoint of its own inside it)."""
    fields = {"product": product, "quantity": quantity, "unit": unit}
    fields |= {"unit_price": unit_price, "currency": currency, "offering": offering}
    return lines_add(order=order, actor=actor, lines=[fields])[0]


@transaction.atomic
def lines_add(*, order: Order, actor, lines: Sequence[dict]) -> list[Line]:
    """Lines of a quote, each given by `line_add`'s fields (`offering` optional), stored at
    once; all or none."""
    with _changing(order) as locked:
        _require_quote(locked)
        made = [Line(order=locked, **({"offering": None} | fields)) for fields in lines]
        for line in made:
            _line_check(line)
        made = Line.objects.bulk_create(made)
    data = [{"line": line.pk} for line in made]
    audit_records(actor=actor, verb="sales.line_added", target=locked, data=data)
    for line in made:  # as the database gives them back, without reading them again
        line.quantity, line.unit_price = _stored(line.quantity), _stored(line.unit_price)
    return made


def _stored(value: Decimal) -> Decimal:
    """An amount as its column gives it back (two places)."""
    return Decimal(value).quantize(CENT)


@transaction.atomic
def line_update(*, line: Line, actor, fields: dict) -> Line:
    """Change a line's product, offering, quantity, unit, price or currency."""
    with _changing(line.order) as locked:
        _require_quote(locked)
        line = Line.objects.get(pk=line.pk)
        for name, value in fields.items():
            setattr(line, name, value)
        _line_check(line)
        line.save()
    audit_record(actor=actor, verb="sales.line_changed", target=locked, data={"line": line.pk})
    line.refresh_from_db()
    return line


@transaction.atomic
def line_remove(*, line: Line, actor) -> None:
    """Take a line off a quote."""
    with _changing(line.order) as locked:
        _require_quote(locked)
        line_id = line.pk
        Line.objects.filter(pk=line_id).delete()
    audit_record(actor=actor, verb="sales.line_removed", target=locked, data={"line": line_id})


@transaction.atomic
def order_move(*, order: Order, actor, to: str, on: date) -> Order:
    """Move the status, dated; signing fixes the lines' flows and the contracted value."""
    lines: list[Line] = []
    with _changing(order, lines) as locked:
        if to not in MOVES[locked.status]:
            raise OrderConflict(
                _("An order cannot go from %(from)s to %(to)s.")
                % {"from": locked.get_status_display(), "to": Status(to).label}
            )
        if to == Status.SIGNED and not lines:
            raise ValidationError({"status": _("An order without lines cannot be signed.")})
        if on < locked.status_on:
            raise ValidationError({"on": _("The date is before the order's last change.")})
        StatusChange.objects.create(
            order=locked, from_status=locked.status, to_status=to, on=on, actor=_user(actor)
        )
        locked.status, locked.status_on = to, on
        if to == Status.SIGNED:
            locked.signed_on = on
        locked.save(update_fields=["status", "status_on", "signed_on", "updated_at"])
    audit_record(actor=actor, verb="sales.order_moved", target=locked, data={"to": to})
    return locked


@transaction.atomic
def payment_add(*, order: Order, actor, paid_on: date, amount: Decimal, currency: str) -> Payment:
    """Record money received (409 unless the order is signed, delivered or paid)."""
    check_currency(currency)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount is more than zero.")})
    with _changing(order) as locked:
        if locked.status not in PAYABLE:
            raise OrderConflict(
                _("A payment cannot be recorded on an order that is %(status)s.")
                % {"status": locked.get_status_display()}
            )
        if locked.signed_on and paid_on < locked.signed_on:
            raise ValidationError({"paid_on": _("A payment cannot precede the signing.")})
        payment = Payment(order=locked, paid_on=paid_on, amount=amount, currency=currency)
        payment.full_clean()
        payment.save()
    audit_record(
        actor=actor,
        verb="sales.payment_added",
        target=locked,
        data={"amount": str(amount), "currency": currency, "on": paid_on.isoformat()},
    )
    return payment


@transaction.atomic
def payment_remove(*, payment: Payment, actor) -> None:
    """Take back a payment recorded by mistake."""
    with _changing(payment.order) as locked:
        _require_open(locked)
        Payment.objects.filter(pk=payment.pk).delete()
    audit_record(actor=actor, verb="sales.payment_removed", target=locked)
