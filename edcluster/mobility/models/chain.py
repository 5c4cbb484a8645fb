"""The chain after a decision (invitation, visa, arrival, registration, enrolment) and the
intake's scoresheet."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.models.applications import Application, Intake


class Invitation(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="invitation"
    )
    requested_on = models.DateField(_("requested"))
    number = models.CharField(_("number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.number or str(self.requested_on)


class Visa(models.Model):
    class Entries(models.TextChoices):
        SINGLE = "single", _("single entry")
        DOUBLE = "double", _("double entry")
        MULTIPLE = "multiple", _("multiple entry")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="visa")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    entries = models.CharField(_("entries"), max_length=8, choices=Entries.choices)
    extension_requested_on = models.DateField(_("extension requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gt=F("valid_from")), name="visa_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.valid_from} – {self.valid_to}"


class Arrival(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="arrival"
    )
    border_date = models.DateField(_("border crossed"))
    medical_done_on = models.DateField(
        _("medical examination and fingerprinting done"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")

    def __str__(self) -> str:
        return str(self.border_date)


class Registration(models.Model):
    """Migration registration by the receiving party."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="registration"
    )
    address = models.CharField(_("address"), max_length=300)
    receiving_party = models.CharField(_("receiving party"), max_length=200)
    registered_on = models.DateField(_("registered"))
    valid_until = models.DateField(_("registered until"))

    class Meta:
        verbose_name = _("migration registration")
        verbose_name_plural = _("migration registrations")

    def __str__(self) -> str:
        return f"{self.registered_on} – {self.valid_until}"


class Enrolment(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="enrolment"
    )
    order_number = models.CharField(_("order number"), max_length=40)
    order_date = models.DateField(_("order date"))

    class Meta:
        verbose_name = _("enrolment order")
        verbose_name_plural = _("enrolment orders")

    def __str__(self) -> str:
        return self.order_number


class Criterion(models.Model):
    """One weighted criterion of an intake's scoresheet (scores 0–10)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="mobility_criterion_weight_positive"
            ),
            models.UniqueConstraint(fields=["intake", "name"], name="criterion_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """A reviewer's score of an application on a criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(condition=Q(value__lte=10), name="score_at_most_ten"),
            models.UniqueConstraint(
                fields=["application", "criterion", "reviewer"], name="score_one_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
