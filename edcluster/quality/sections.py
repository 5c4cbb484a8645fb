"""Quality's sections: on the product page the index with its formula and numbers (or "not
enough data"), for whoever reads the product (the page checked that); on the sales order page
the buyer's feedback."""

from edcluster.core import sections
from edcluster.quality import forms, selectors
from edcluster.quality.formula_text import index_explained


def product_quality(request, product) -> dict | None:
    index = selectors.product_index(product=product)
    if index is None:
        return None
    history = [
        past for past in selectors.index_history(product=product)[:10] if past.pk != index.pk
    ]
    return {"index": index, "formula": index_explained(index), "history": history}


ORDER_FEEDBACK = "quality.order_feedback"


def order_feedback(request, order) -> dict | None:
    """The order page's employer feedback: the buyer's rating once given (to whoever reads the
    order: the page checked that), the form to the buyer's staff once the order is delivered."""
    given = selectors.order_feedback_of(order=order)
    if given is not None:
        return {"order": order, "given": given}
    if not selectors.may_rate_order(user=request.user, order=order):
        return None
    form = sections.bound(request, ORDER_FEEDBACK) or forms.EmployerFeedbackForm()
    return {"order": order, "form": form}
