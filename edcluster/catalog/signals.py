"""A published product deleted outright (from the admin, say) is a removal for syncing consumers."""

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import Signal, receiver

from edcluster.catalog.models import Product, ProductRemoval


@receiver(pre_delete, sender=Product, dispatch_uid="catalog-product-removed")
def product_deleted(sender, instance: Product, **kwargs) -> None:
    if instance.status == Product.Status.PUBLISHED:
        from edcluster.catalog.services import removal_record

        removal_record(product=instance, reason=ProductRemoval.Reason.DELETED)


# Sent after the transaction that changed the learning outcomes of these products commits
# (product_ids: list of ids); the matching app re-links their skills in the background.
outcomes_changed = Signal()


def outcomes_changed_later(product_ids) -> None:
    ids = sorted(set(product_ids))
    if ids:
        transaction.on_commit(lambda: outcomes_changed.send(sender=Product, product_ids=ids))
