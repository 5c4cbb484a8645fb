"""Sales' section of the product page: "Order training" for an employer's staff who may order
it (a published product, an employer where they edit that does not own it)."""

from edcluster.sales import selectors


def product_order_training(request, product) -> dict | None:
    if product.status != product.Status.PUBLISHED:
        return None
    if not selectors.training_buyers(user=request.user, product=product).exists():
        return None
    return {"product": product}
