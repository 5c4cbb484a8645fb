"""Sales' sections of lower apps' pages: "Order training" on a product page for an employer's
staff who may order it (a published product, an employer where they edit that does not own
it), and on an employer's request the orders its accepted offers became, with "Create an
order" on each accepted offer the viewer sells and no order came from yet."""

from edcluster.sales import selectors


def product_order_training(request, product) -> dict | None:
    if product.status != product.Status.PUBLISHED:
        return None
    if not selectors.training_buyers(user=request.user, product=product).exists():
        return None
    return {"product": product}


def request_orders(request, demand) -> dict | None:
    """The request's accepted offers awaiting an order of the viewer's members, and the orders
    made from its offers that the viewer reads; nothing when there are neither."""
    if not request.user.is_authenticated:
        return None
    offers = list(selectors.offers_awaiting_order(user=request.user).filter(request=demand))
    orders = list(
        selectors.order_visible(viewer=request.user)
        .filter(origin_offer__request=demand)
        .select_related("origin_offer__product")
        .order_by("pk")
    )
    if not offers and not orders:
        return None
    return {"offers": offers, "orders": orders}
