"""Background work of matching; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def link_products(*, product_ids: list[int]) -> dict:
    """Link these products' learning outcomes to skills (where they changed)."""
    from edcluster.matching.linking import products_link

    return products_link(product_ids)
