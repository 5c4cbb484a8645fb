"""Quality's section of the product page: the index with its formula and numbers (or "not
enough data"), for whoever reads the product (the page checked that)."""

from edcluster.quality import selectors
from edcluster.quality.formula_text import index_explained


def product_quality(request, product) -> dict | None:
    index = selectors.product_index(product=product)
    if index is None:
        return None
    history = [
        past for past in selectors.index_history(product=product)[:10] if past.pk != index.pk
    ]
    return {"index": index, "formula": index_explained(index), "history": history}
