"""Changes to a published product waiting for an operator: the live version stays until the
change is approved (see catalog.services.revisions)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models.products import Product
from edcluster.core.models import TimeStampedModel


class ProductRevision(TimeStampedModel):
    """A member's edit of a published product, pending until an operator approves it (it
    goes live) or returns it with a reason. `changes` holds only what differs from the live
    version, field by field, as JSON (a field of education by its code, priority areas by id,
    outcomes as [text, language] pairs); more edits before the decision join it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    comment = models.TextField(_("reviewer's comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("product revision")
        verbose_name_plural = _("product revisions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status="pending"),
                name="revision_one_pending_per_product",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="revision_status_created")]

    def __str__(self) -> str:
        return f"{self.product} ({self.get_status_display()})"
