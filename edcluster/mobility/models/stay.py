"""The stay at the host: a dormitory bed offered to a case and a buddy (a host student or
staff member who speaks one of the applicant's languages) matched to it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.mobility.models.applications import Application


class Dormitory(models.Model):
    """A host member's dormitory and how many beds it gives to mobility cases."""

    host = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="dormitories"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    capacity = models.PositiveIntegerField(_("beds"))

    class Meta:
        verbose_name = _("dormitory")
        verbose_name_plural = _("dormitories")
        ordering = ["host_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["host", "name"], name="dormitory_name_per_host")
        ]

    def __str__(self) -> str:
        return self.name


class Accommodation(models.Model):
    """A bed offered to a case for dates within its planned stay, and the applicant's answer."""

    class Status(models.TextChoices):
        OFFERED = "offered", pgettext_lazy("bed", "offered")
        ACCEPTED = "accepted", pgettext_lazy("bed", "accepted")
        DECLINED = "declined", pgettext_lazy("bed", "declined")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="accommodation"
    )
    dormitory = models.ForeignKey(
        Dormitory, on_delete=models.PROTECT, related_name="accommodations"
    )
    room = models.CharField(_("room"), max_length=20)
    from_date = models.DateField(_("from"))
    until_date = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        ordering = ["from_date", "pk"]
        indexes = [
            models.Index(fields=["dormitory", "from_date"], name="mobility_bed_dorm_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(until_date__gt=F("from_date")), name="accommodation_until_after_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dormitory}, {self.room}"


class Buddy(models.Model):
    """A host member's student or staff member who volunteers as a buddy, with the languages
    they speak (a comma-separated list, as in the applicant's profile)."""

    host = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="buddies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobility_buddies"
    )
    languages = models.CharField(_("languages"), max_length=200)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("buddy")
        verbose_name_plural = _("buddies")
        ordering = ["host_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["host", "user"], name="buddy_once_per_host")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class BuddyMatch(models.Model):
    """The buddy the host's office assigned to a case."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="buddy_match"
    )
    buddy = models.ForeignKey(Buddy, on_delete=models.PROTECT, related_name="matches")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned on"))

    class Meta:
        verbose_name = _("buddy assignment")
        verbose_name_plural = _("buddy assignments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.application_id}: {self.buddy}"
