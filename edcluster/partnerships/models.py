"""Agreements with partners: the agreement, its parties, its versions (frozen once signed),
the IIA v7 cooperation conditions of each version, the signatures bound to a version's hash,
and the mobility quotas used per condition and academic year."""

import re
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edcluster.core.models import TimeStampedModel, in_language
from edcluster.organizations.models import Organization, OrganizationUnit

ACADEMIC_YEAR = re.compile(r"^(\d{4})/(\d{4})$")
academic_year_validator = RegexValidator(
    ACADEMIC_YEAR.pattern, _("Enter an academic year as YYYY/YYYY, e.g. 2026/2027.")
)


class Agreement(TimeStampedModel):
    """An agreement of two or more parties; its content lives in its versions."""

    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding")
        MOBILITY = "mobility", _("mobility agreement (inter-institutional)")
        DEGREE = "degree", _("double or joint degree")
        JOINT_PHD = "joint_phd", _("joint PhD")
        LABORATORY = "laboratory", _("joint laboratory or centre")
        RESEARCH = "research", _("research cooperation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AWAITING = "awaiting", _("awaiting signatures")
        IN_EFFECT = "in_effect", _("in effect")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    # The IIA's iia-id: made once, never changed nor given to another agreement.
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"), max_length=64, help_text=_("The agreement's number (iia-code).")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="agreements_kept",
        verbose_name=_("kept by"),
        help_text=_("The member whose editors keep the agreement's record."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The signed text, kept in the database like other uploads (served only to who may read
    # the agreement); IIA v7's pdf-file.
    pdf = models.BinaryField(_("signed text (PDF)"), null=True, blank=True, editable=False)
    pdf_name = models.CharField(max_length=200, blank=True, editable=False)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    # Reminders of the end already mailed (90 and 30 days before), so a rerun mails nothing.
    reminded_days = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="agreement_unique_code"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["draft", "awaiting", "in_effect", "expired", "terminated"]
                ),
                name="agreement_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            # the lists' order: a page is read from it, not sorted from every agreement
            models.Index(fields=["-valid_from", "id"], name="agreement_newest_first"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return in_language(self.title_ru, self.title_en) or self.code


class AgreementParty(models.Model):
    """One side of an agreement: an organization, optionally one of its units."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    unit = models.ForeignKey(
        OrganizationUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="agreement_party_unique"
            )
        ]
        # whose agreements a member's staff read: the ids from the index alone
        indexes = [models.Index(fields=["organization", "agreement"], name="party_agreements")]

    def __str__(self) -> str:
        return str(self.organization)


class AgreementVersion(models.Model):
    """The agreement's content at one moment; frozen once any side signed it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when every party signed this version's hash: the version then in effect is the
    # newest one approved (EWP's snapshot rule).
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class CooperationCondition(models.Model):
    """One direction of mobility, the terms of EWP IIA v7 (one `*-mobility-spec`)."""

    class Type(models.TextChoices):
        STUDENT_STUDIES = "student_studies", _("student mobility for studies")
        STUDENT_TRAINEESHIP = "student_traineeship", _("student mobility for traineeships")
        STAFF_TEACHING = "staff_teaching", _("staff mobility for teaching")
        STAFF_TRAINING = "staff_training", _("staff mobility for training")

    STUDENT_TYPES = (Type.STUDENT_STUDIES, Type.STUDENT_TRAINEESHIP)

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="conditions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    sending_party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="+", verbose_name=_("sending")
    )
    sending_unit = models.ForeignKey(
        OrganizationUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="+", verbose_name=_("receiving")
    )
    receiving_unit = models.ForeignKey(
        OrganizationUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_year = models.CharField(
        _("first academic year"), max_length=9, validators=[academic_year_validator]
    )
    last_year = models.CharField(
        _("last academic year"), max_length=9, validators=[academic_year_validator]
    )
    mobilities_per_year = models.PositiveIntegerField(
        _("mobilities per year"), validators=[MinValueValidator(1)]
    )
    # Months for students, days for staff (total-months-per-year / total-days-per-year).
    total_per_year = models.DecimalField(
        _("total months or days per year"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    # [{"code": "0533", "clarification": "…"}], in the order entered.
    subject_areas = models.JSONField(_("subject areas"), default=list, blank=True)
    eqf_levels = models.JSONField(_("EQF levels"), default=list, blank=True)
    # [{"language": "en", "cefr": "B2"}]
    languages = models.JSONField(_("language skills"), default=list, blank=True)
    blended = models.BooleanField(_("blended mobility"), default=False)
    other_terms = models.TextField(_("other terms"), blank=True)

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mobilities_per_year__gte=1),
                name="condition_mobilities_at_least_one",
            ),
            models.CheckConstraint(
                condition=~models.Q(sending_party=models.F("receiving_party")),
                name="condition_one_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.sending_party} → {self.receiving_party}"

    @property
    def is_student(self) -> bool:
        return self.type in self.STUDENT_TYPES

    @property
    def years(self) -> list[str]:
        """Every academic year the condition covers, first to last."""
        first, last = int(self.first_year[:4]), int(self.last_year[:4])
        return [f"{year}/{year + 1}" for year in range(first, last + 1)]


class Signature(models.Model):
    """A party's approval of one version, bound to the hash of what it approved."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="signatures")
    signer_name = models.CharField(_("signer"), max_length=200)
    signer_role = models.CharField(_("signer's position"), max_length=200, blank=True)
    signer_email = models.EmailField(_("signer's e-mail"), blank=True)
    signed_on = models.DateField(_("signed on"))
    version_hash = models.CharField(_("hash of the version"), max_length=64)
    # A partner with no staff here: a member's editor records its signature, with the scan.
    on_behalf = models.BooleanField(_("recorded on its behalf"), default=False)
    pdf = models.BinaryField(_("signed copy (PDF)"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version_id", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_once_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.signer_name} ({self.signed_on})"


class QuotaUse(models.Model):
    """How many mobilities of a condition's yearly quota one academic year used (entered by
    hand until the mobility app records them)."""

    condition = models.ForeignKey(
        CooperationCondition, on_delete=models.CASCADE, related_name="quota_uses"
    )
    academic_year = models.CharField(
        _("academic year"), max_length=9, validators=[academic_year_validator]
    )
    used = models.PositiveIntegerField(_("mobilities used"), default=0)

    class Meta:
        verbose_name = _("quota use")
        verbose_name_plural = _("quota use")
        ordering = ["condition_id", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "academic_year"], name="quota_use_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.condition_id} {self.academic_year}: {self.used}"


# The partners map's summary, kept by the services that change what it counts (in their
# transaction) and rebuilt from every agreement by `partnerships_map_rebuild` and migration 0003:
# the map groups these few rows instead of joining 80,000 conditions to versions and parties.
# Each row repeats what the map's filters read of its agreement (keeper, kind, status, dates),
# and its covering index holds every column a count reads, so SQLite groups in index order.


class MapPartner(models.Model):
    """One foreign party of an agreement, as the partners map counts it."""

    # db_index=False: the unique constraint's index leads with the agreement (a member's map
    # finds its agreements' rows by it; with a second index PostgreSQL chose the narrower one
    # and filtered the year row by row).
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    partner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2, blank=True)
    owner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    status = models.CharField(max_length=10)
    valid_from = models.DateField()
    # The earlier of its end and its termination (None: open-ended).
    valid_to = models.DateField(null=True, blank=True)
    # 1 on one row of the agreement in its country (0 on the others), and on one row of the
    # agreement: agreements are summed, not counted DISTINCT (which PostgreSQL sorts for).
    in_country = models.PositiveSmallIntegerField(default=0)
    in_total = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "partner"], name="map_partner_unique")
        ]
        indexes = [
            models.Index(
                fields=[
                    *("country", "status", "in_country", "agreement", "partner"),
                    *("kind", "owner", "valid_from", "valid_to"),
                ],
                name="map_partner_by_country",
            ),
            models.Index(
                fields=[
                    *("status", "in_total", "agreement", "country"),
                    *("kind", "owner", "valid_from", "valid_to"),
                ],
                name="map_partner_by_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.partner_id} ({self.country})"


class MapQuota(models.Model):
    """The mobilities a year (of the version whose quotas count) and those used, of the
    conditions of one agreement between the same foreign countries (`other_country` blank when
    only one side is foreign), over all years (`academic_year` blank) or in one."""

    agreement = models.ForeignKey(  # found by the unique constraint's index, as MapPartner's
        Agreement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    country = models.CharField(max_length=2, blank=True)
    other_country = models.CharField(max_length=2, blank=True)
    academic_year = models.CharField(max_length=9, blank=True)
    quota = models.PositiveIntegerField(default=0)
    used = models.PositiveIntegerField(default=0)
    owner = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "academic_year", "country", "other_country"],
                name="map_quota_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=[
                    *("academic_year", "country", "other_country", "kind", "owner"),
                    *("valid_from", "valid_to", "agreement", "quota", "used"),
                ],
                name="map_quota_by_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.country} {self.other_country} {self.academic_year}"
