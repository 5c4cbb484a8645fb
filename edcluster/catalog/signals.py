"""A published product deleted outright (from the admin, say) is a removal for syncing consumers.

This stays a pre_delete receiver (inside the catalog, no domain flow between apps): products
are deleted by the admin's single and bulk deletes and by cascades, not by one service that
could record the removal itself."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from edcluster.catalog.models import Product, ProductRemoval


@receiver(pre_delete, sender=Product, dispatch_uid="catalog-product-removed")
def product_deleted(sender, instance: Product, **kwargs) -> None:
    if instance.status == Product.Status.PUBLISHED:
        from edcluster.catalog.services import removal_record

        removal_record(product=instance, reason=ProductRemoval.Reason.DELETED)
