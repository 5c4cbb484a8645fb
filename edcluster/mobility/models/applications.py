"""Intakes open to foreigners, applicants' profiles, applications with their dated stage
history, and the document checklist."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from edcluster.core.models import TimeStampedModel


class Category(models.TextChoices):
    DEGREE = "degree", _("degree student")
    EXCHANGE = "exchange", _("exchange student")
    PHD = "phd", _("PhD student")
    TEACHER = "teacher", _("visiting teacher")
    SCIENTIST = "scientist", _("visiting scientist")


class Stage(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application stage", "draft")
    SUBMITTED = "submitted", _("submitted")
    DOCUMENTS_COMPLETE = "documents_complete", _("documents complete")
    UNDER_REVIEW = "under_review", _("under review")
    DECIDED = "decided", _("decided")
    CONFIRMED = "confirmed", _("confirmed by the applicant")
    INVITATION_REQUESTED = "invitation_requested", _("invitation requested")
    INVITATION_ISSUED = "invitation_issued", _("invitation issued")
    VISA_ISSUED = "visa_issued", _("visa issued")
    ARRIVED = "arrived", _("arrived")
    REGISTERED = "registered", _("registered")
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", pgettext_lazy("application stage", "completed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CANCELLED = "cancelled", pgettext_lazy("application stage", "cancelled")


class Intake(TimeStampedModel):
    """A catalog offering open to foreign applicants, with its places and conditions."""

    offering = models.ForeignKey(
        "catalog.Offering", on_delete=models.PROTECT, related_name="intakes"
    )
    host = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="intakes"
    )
    deadline = models.DateField(_("application deadline"))
    places = models.PositiveIntegerField(_("places"))
    scholarship_places = models.PositiveIntegerField(_("scholarship places"), default=0)
    government_quota_places = models.PositiveIntegerField(
        _("Russian Government quota places"), default=0
    )
    tuition = models.DecimalField(_("tuition per year"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")
    language_requirement = models.CharField(_("language requirement"), max_length=200, blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scholarship_places__lte=F("places")),
                name="intake_scholarships_within_places",
            ),
            models.CheckConstraint(condition=Q(tuition__gte=0), name="intake_tuition_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.offering.product.title} ({self.offering.starts_on:%Y-%m-%d})"


class ApplicantProfile(TimeStampedModel):
    """What an applicant tells about themself; the passport number is never listed."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("female")
        MALE = "m", _("male")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    passport_name = models.CharField(_("name as in the passport (Latin)"), max_length=200)
    citizenship = CountryField(_("citizenship"))
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    passport_number = models.CharField(_("passport number"), max_length=30)
    passport_expires = models.DateField(_("passport valid until"))
    residence = models.CharField(_("country and city of residence"), max_length=200, blank=True)
    consulate_city = models.CharField(_("consulate city"), max_length=100, blank=True)
    education = models.TextField(_("education"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self) -> str:
        return self.passport_name


class Application(TimeStampedModel):
    """An applicant's case at a host member, taken stage by stage to enrolment."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("waitlisted")
        REJECTED = "rejected", _("rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mobility_applications"
    )
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="applications")
    host = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="mobility_cases"
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    citizenship = CountryField(_("citizenship"))
    planned_arrival = models.DateField(_("planned arrival"))
    planned_departure = models.DateField(_("planned departure"))
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    stage_since = models.DateTimeField(_("in this stage since"))
    # The stage a withdrawn or cancelled case left (the dashboard's funnel counts it reached).
    left_stage = models.CharField(_("stage left"), max_length=24, choices=Stage.choices, blank=True)

    class Reason(models.TextChoices):
        MEETS = "meets", _("meets the admission requirements")
        RANKED_BELOW = "ranked_below", _("ranked below the places available")
        LANGUAGE = "language", _("language level below the requirement")
        DOCUMENTS = "documents", _("documents do not meet the requirements")
        PROFILE = "profile", _("education does not match the programme")
        OTHER = "other", _("other (see the comment)")

    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.CharField(
        _("reason for the decision"), max_length=16, choices=Reason.choices, blank=True
    )
    decision_reasons = models.TextField(_("comment on the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    # A nomination by a foreign partner under a cooperation condition of an agreement (its
    # quota of the academic year is used while the case is open).
    nominated_by = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mobility_nominations",
        verbose_name=_("nominating partner"),
    )
    condition = models.ForeignKey(
        "partnerships.CooperationCondition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mobility_nominations",
        verbose_name=_("agreement condition"),
    )
    academic_year = models.CharField(_("academic year"), max_length=9, blank=True)
    over_quota_reason = models.TextField(_("reason for exceeding the quota"), blank=True)
    files_purged_at = models.DateTimeField(_("files deleted"), null=True, blank=True)
    # The next legal deadline not yet met of a watched stage, kept by the services that change
    # the case, its chain or the rules (services/board.py): the deadline board's order.
    next_deadline_on = models.DateField(_("next deadline"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["host", "stage"], name="mobility_app_host_stage"),
            # The queues' order (newest move first), for all cases and a member's.
            models.Index(fields=["-stage_since", "-id"], name="mobility_app_queue"),
            models.Index(fields=["host", "-stage_since", "-id"], name="mobility_app_host_queue"),
            models.Index(fields=["created_at"], name="mobility_app_created"),
            models.Index(fields=["host", "next_deadline_on", "id"], name="mobility_app_host_due"),
            models.Index(fields=["next_deadline_on", "id"], name="mobility_app_due"),
            # The dashboard's counts: read from the index alone, in its grouping's order.
            models.Index(
                fields=[
                    "host",
                    "intake",
                    "category",
                    "citizenship",
                    "stage",
                    "decision",
                    "left_stage",
                ],
                name="mobility_app_dashboard",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_departure__gt=F("planned_arrival")),
                name="application_departure_after_arrival",
            ),
            models.UniqueConstraint(
                fields=["applicant", "intake"],
                condition=~Q(stage__in=["withdrawn", "cancelled"]),
                name="application_one_open_per_intake",
            ),
            models.CheckConstraint(
                condition=Q(condition__isnull=True) | Q(nominated_by__isnull=False),
                name="application_condition_with_nominator",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()} — {self.intake}"


class StageChange(models.Model):
    """One dated move of an application, who made it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(_("from"), max_length=24, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=24, choices=Stage.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    # Whole days the case spent in `from_stage` before this move (null for the first change);
    # summed up by stage in `StageDays` for the dashboard.
    from_days = models.PositiveIntegerField(_("days in the stage left"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    EDUCATION = "education", _("education certificate")
    TRANSCRIPT = "transcript", _("transcript")
    LANGUAGE = "language", _("language certificate")
    MOTIVATION = "motivation", _("motivation letter")
    CV = "cv", _("CV")
    RESEARCH = "research", _("research proposal")
    INSURANCE = "insurance", _("medical insurance")
    HIV = "hiv", _("HIV certificate")


class DocumentRequirement(models.Model):
    """A document asked of a category (blank: every category) and a citizenship (blank: all)."""

    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    is_health = models.BooleanField(_("health document"), default=False)

    class Meta:
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        ordering = ["kind", "category", "citizenship"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category", "citizenship"], name="document_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Document(TimeStampedModel):
    """One line of an application's checklist and its file (kept in the database, out of
    every public root, served only through the access-checked view)."""

    class Status(models.TextChoices):
        MISSING = "missing", _("missing")
        UPLOADED = "uploaded", _("uploaded")
        ACCEPTED = "accepted", pgettext_lazy("document", "accepted")
        REJECTED = "rejected", pgettext_lazy("document", "rejected")

    class Scan(models.TextChoices):
        """What ClamAV said of the stored file (an infected one is never stored)."""

        CLEAN = "clean", _("scanned, clean")
        NOT_SCANNED = "not_scanned", _("not scanned")
        FAILED = "failed", _("scan failed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MISSING
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    content = models.BinaryField(editable=False, null=True)  # encrypted (services/files_crypto)
    uploaded_at = models.DateTimeField(_("uploaded"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    scan = models.CharField(
        _("virus scan"), max_length=12, choices=Scan.choices, default=Scan.NOT_SCANNED
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="document_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="document_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class Consent(models.Model):
    """A consent to the processing of personal data for one purpose (Federal Law 152-FZ art. 9,
    a separate document per purpose; health data, art. 10, its own), of a text version,
    given and perhaps withdrawn."""

    class Purpose(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("processing of my personal data for the application")
        HEALTH_DATA = "health_data", _("processing of my health documents")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobility_consents"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(
        pgettext_lazy("consent", "withdrawn"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_in_force_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"
