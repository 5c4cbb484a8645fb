"""Questions visitors ask a product's owners from its page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.catalog.models.products import Offering, Product
from edcluster.core.models import TimeStampedModel


class Enquiry(TimeStampedModel):
    """A visitor's message to a product's lead owner (anyone may ask, signed in or not)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="enquiries")
    offering = models.ForeignKey(
        Offering,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
        verbose_name=_("offering"),
    )
    name = models.CharField(pgettext_lazy("name of a person", "name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"), max_length=5000)
    # The page's language when asked: the language to answer in.
    language = models.CharField(_("language"), max_length=2, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["product", "answered_at"], name="enquiry_product_open")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>: {self.product}"
