""" "Order training": an employer asks for a product from its page. The order is a quote of
the product's owners (equal shares) to the employer, with one line for the product at its
listed price (the offering's, when one is chosen and has its own); the sellers price and sign
it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.catalog.models import Offering, Product
from edcluster.core.services import audit_record
from edcluster.organizations.models import Organization
from edcluster.sales.models import Line, Order
from edcluster.sales.services.orders import buyer_fields, line_add, order_create, owners_shares

ROUBLE = "RUB"


def listed_price(product: Product, offering: Offering | None) -> tuple[Decimal, str]:
    """The unit price and currency the catalog lists (nothing listed: 0 roubles, to price)."""
    price = offering.price_override if offering is not None else None
    if price is None:
        price = product.price
    if price is None or product.is_free:
        return Decimal(0), product.currency or ROUBLE
    return price, product.currency or ROUBLE


@transaction.atomic
def training_order(
    *,
    product: Product,
    buyer: Organization,
    actor,
    quantity: Decimal,
    offering: Offering | None = None,
    note: str = "",
) -> Order:
    """A quote of the product for the employer, `quantity` learners (refused: a product
    without owners, the employer among them, an offering of another product)."""
    if offering is not None and offering.product_id != product.pk:
        raise ValidationError({"offering": _("This offering is not of the line's product.")})
    sellers = owners_shares(product)
    if not sellers:
        raise ValidationError({"product": _("The product has no owner to sell it.")})
    if any(seller.pk == buyer.pk for seller, _share in sellers):
        raise ValidationError({"buyer": _("An owner of the product does not order it.")})
    kind = Order.BuyerKind.MEMBER
    order = order_create(
        actor=actor,
        buyer=buyer_fields(kind=kind, organization=buyer, name="", country="", region=""),
        sellers=sellers,
        note=note,
    )
    price, currency = listed_price(product, offering)
    line_add(
        order=order,
        actor=actor,
        product=product,
        offering=offering,
        quantity=quantity,
        unit=Line.Unit.LEARNERS,
        unit_price=price,
        currency=currency,
    )
    audit_record(actor=actor, verb="sales.training_ordered", target=order)
    return order
