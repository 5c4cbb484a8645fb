"""Outcomes changed in the catalog: link those products' skills again, in the background."""

from django.dispatch import receiver

from edcluster.catalog.signals import outcomes_changed


@receiver(outcomes_changed, dispatch_uid="matching-outcomes-changed")
def relink(sender, product_ids: list[int], **kwargs) -> None:
    from edcluster.matching.tasks import link_products

    for start in range(0, len(product_ids), 1000):
        link_products.enqueue(product_ids=product_ids[start : start + 1000])
