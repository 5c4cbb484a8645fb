"""Russian deadlines as data (each rule with its source and the day it was checked), the
working-day calendar, and the reminders already sent."""

from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from edcluster.core.models import in_language
from edcluster.mobility.models.applications import Application


class DeadlineRule(models.Model):
    """A deadline counted from an anchor event; a rule naming citizenships overrides the
    general one of its event for them."""

    class Event(models.TextChoices):
        INVITATION = "invitation", _("request the invitation")
        REGISTRATION = "registration", _("migration registration")
        MEDICAL = "medical", _("medical examination and fingerprinting")
        VISA_EXTENSION_OPENS = "visa_extension_opens", _("visa extension: apply from")
        VISA_EXTENSION = "visa_extension", _("visa extension: apply by")

    class Anchor(models.TextChoices):
        PLANNED_ARRIVAL = "planned_arrival", _("planned arrival")
        ARRIVAL = "arrival", _("border crossing")
        VISA_END = "visa_end", _("visa expiry")

    class Unit(models.TextChoices):
        CALENDAR = "calendar", _("calendar days")
        WORKING = "working", _("working days")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    event = models.CharField(_("event"), max_length=24, choices=Event.choices)
    anchor = models.CharField(_("counted from"), max_length=16, choices=Anchor.choices)
    offset = models.IntegerField(_("offset"), help_text=_("Negative: before the anchor."))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    citizenships = models.CharField(
        _("citizenships"), max_length=200, blank=True, help_text=_("ISO codes, comma-separated.")
    )
    source = models.TextField(_("source (English)"))
    source_ru = models.TextField(_("source (Russian)"), blank=True)
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["event", "code"]

    def __str__(self) -> str:
        return self.code

    @cached_property
    def citizenship_codes(self) -> frozenset[str]:
        return frozenset(
            code.strip().upper() for code in self.citizenships.split(",") if code.strip()
        )

    @property
    def source_text(self) -> str:
        """The source in the reader's language."""
        return in_language(self.source_ru, self.source)


class VisaFreeCitizenship(models.Model):
    """A citizenship whose holders enter Russia without a visa: invitation and visa are
    skipped for them. Data, with its source, as the deadline rules are."""

    country = CountryField(_("citizenship"), unique=True)
    source = models.TextField(_("source (English)"))
    source_ru = models.TextField(_("source (Russian)"), blank=True)
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("visa-free citizenship")
        verbose_name_plural = _("visa-free citizenships")
        ordering = ["country"]

    def __str__(self) -> str:
        return str(self.country)


class WorkCalendar(models.Model):
    """A year's working-day calendar: weekends, the holidays and the transfer decree."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.TextField(_("source"))
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("work calendar")
        verbose_name_plural = _("work calendars")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day whose status is not its weekday's: a holiday or a transferred day off on a
    weekday, or a weekend day made a working day by transfer."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"), unique=True)
    is_working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class Reminder(models.Model):
    """A reminder due of a deadline, recorded by the daily scan (so that a second run records it
    no more) and marked sent when its mail goes; one not yet sent is mailed by a later run."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    event = models.CharField(_("event"), max_length=24, choices=DeadlineRule.Event.choices)
    due_on = models.DateField(_("due"))
    days_before = models.SmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "event", "due_on", "days_before"],
                name="reminder_sent_once",
            ),
            models.CheckConstraint(condition=Q(days_before__gte=0), name="reminder_not_after"),
        ]
        indexes = [
            models.Index(
                fields=["application"], condition=Q(sent_at=None), name="reminder_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.due_on} (−{self.days_before})"
