"""The catalog's products and what belongs to them (the search index is in models.search)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from edcluster.core.models import TimeStampedModel, in_language
from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    PriorityArea,
)

LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")
LANGUAGE_CODE = RegexValidator(LANGUAGE_PATTERN, _("Use a two-letter ISO 639-1 code, e.g. ru."))
CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, e.g. RUB."))


class Product(TimeStampedModel):
    """An educational product: a programme, course, module, standard, technology or concept."""

    class Kind(models.TextChoices):
        BACHELOR = "bachelor", _("bachelor's programme")
        MASTER = "master", _("master's programme")
        PHD = "phd", _("PhD programme")
        RETRAINING = "retraining", _("professional retraining programme")
        UPSKILLING = "upskilling", _("upskilling programme")
        SHORT_COURSE = "short_course", _("short course")
        MOOC = "mooc", _("online course (MOOC)")
        MODULE = "module", _("module")
        STANDARD = "standard", _("educational standard")
        TECHNOLOGY = "technology", _("educational technology")
        CONCEPT = "concept", _("educational concept")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        ONLINE = "online", _("online")
        BLENDED = "blended", _("blended")

    class Stage(models.TextChoices):
        IDEA = "idea", _("idea")
        DEVELOPMENT = "development", _("development")
        PILOT = "pilot", _("pilot")
        IMPLEMENTED = "implemented", _("implemented")
        REPLICATED = "replicated", _("replicated")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("short address"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    owners = models.ManyToManyField(
        Organization, through="ProductOwner", related_name="products", verbose_name=_("owners")
    )
    field = models.ForeignKey(
        FieldOfEducation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("field of education"),
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="products", verbose_name=_("priority areas")
    )
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    isced_level = models.PositiveSmallIntegerField(
        _("ISCED 2011 level"), null=True, blank=True, validators=[MaxValueValidator(8)]
    )
    languages = models.JSONField(
        _("languages of instruction"),
        default=list,
        blank=True,
        help_text=_("ISO 639-1 codes, e.g. ru and en."),
    )
    mode = models.CharField(_("delivery mode"), max_length=10, choices=Mode.choices, blank=True)
    duration_hours = models.PositiveIntegerField(_("duration, hours"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration, months"), null=True, blank=True)
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_free = models.BooleanField(_("free of charge"), default=False)
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[CURRENCY_CODE])
    target_audience_ru = models.TextField(_("target audience (Russian)"), blank=True)
    target_audience_en = models.TextField(_("target audience (English)"), blank=True)
    entry_requirements_ru = models.TextField(_("entry requirements (Russian)"), blank=True)
    entry_requirements_en = models.TextField(_("entry requirements (English)"), blank=True)
    certificate_ru = models.CharField(_("certificate (Russian)"), max_length=300, blank=True)
    certificate_en = models.CharField(_("certificate (English)"), max_length=300, blank=True)
    stage = models.CharField(
        _("lifecycle stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA
    )
    status = models.CharField(
        _("editorial status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source_system = models.CharField(_("source system"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    # The words this product adds to the suggestion vocabulary while it is published (see
    # catalog.search): kept so that a re-index can take back exactly what it gave.
    search_words = models.TextField(editable=False, default="")
    # Raised by each saved change of what its editors describe (optimistic concurrency,
    # core.concurrency): a form or an API client's If-Match names the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("educational product")
        verbose_name_plural = _("educational products")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "external_id"],
                condition=~Q(external_id=""),
                name="product_unique_provenance",
            ),
            models.CheckConstraint(
                condition=~Q(title_ru="", title_en=""), name="product_has_a_title"
            ),
            models.CheckConstraint(
                condition=Q(is_free=False) | Q(price__isnull=True) | Q(price=0),
                name="product_free_has_no_price",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | ~Q(currency=""),
                name="product_price_has_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["updated_at"]),
            # The catalog's orders (newest, and changes for incremental sync) within a status.
            models.Index(fields=["status", "published_at", "id"], name="product_status_published"),
            models.Index(fields=["status", "updated_at", "id"], name="product_status_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ru, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ru, self.summary_en)

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if not (self.title_ru or self.title_en):
            errors["title_ru"] = _("Give a title in Russian or English.")
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and LANGUAGE_PATTERN.match(code) for code in self.languages
        ):
            errors["languages"] = _("List two-letter ISO 639-1 codes, e.g. ru and en.")
        if self.is_free and self.price:
            errors["price"] = _("A free product has no price.")
        if self.price is not None and not self.currency:
            errors["currency"] = _("Give the currency of the price.")
        if bool(self.source_system) != bool(self.external_id):
            errors["external_id"] = _("Source system and external id go together.")
        if errors:
            raise ValidationError(errors)


class ProductOwner(models.Model):
    """An organization that owns a product: the lead, or a partner of a joint product."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="ownerships",
        db_index=False,  # owner_unique leads with it
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="product_ownerships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("product owner")
        verbose_name_plural = _("product owners")
        constraints = [
            models.UniqueConstraint(fields=["product", "organization"], name="owner_unique"),
            models.UniqueConstraint(
                fields=["product"], condition=Q(role="lead"), name="product_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class LearningOutcome(models.Model):
    """One short statement of what a learner can do after the product, in order."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="outcomes",
        db_index=False,  # outcome_unique_position leads with it
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("statement"), max_length=1000)
    language = models.CharField(_("language"), max_length=2, validators=[LANGUAGE_CODE])

    class Meta:
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        ordering = ["product", "position"]
        constraints = [
            models.UniqueConstraint(fields=["product", "position"], name="outcome_unique_position")
        ]

    def __str__(self) -> str:
        return self.text


class StageChange(models.Model):
    """A dated step of a product's lifecycle."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(
        _("from"), max_length=12, choices=Product.Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=12, choices=Product.Stage.choices)
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lifecycle stage change")
        verbose_name_plural = _("lifecycle history")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_stage or '—'} → {self.to_stage}"


class Offering(models.Model):
    """A dated run of a product, where and for how many."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="offerings")
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    enrolment_deadline = models.DateField(_("enrolment deadline"), null=True, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=300, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    price_override = models.DecimalField(
        _("price for this run"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    language = models.CharField(_("language"), max_length=2, blank=True, validators=[LANGUAGE_CODE])

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="offering_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_deadline__isnull=True)
                | Q(enrolment_deadline__lte=F("ends_on")),
                name="offering_deadline_before_end",
            ),
            models.CheckConstraint(
                condition=Q(seats__isnull=True) | Q(enrolled__lte=F("seats")),
                name="offering_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.starts_on:%Y-%m-%d}"

    SOON_DAYS = 30

    def availability(self, today=None) -> str:
        """open (enrolment open now), soon (starts within a month), upcoming, running, past."""
        today = today or timezone.localdate()
        if self.ends_on < today:
            return "past"
        full = self.seats is not None and self.enrolled >= self.seats
        deadline = self.enrolment_deadline or self.starts_on
        if not full and today <= deadline:
            return "open"
        if self.starts_on > today:
            return "soon" if (self.starts_on - today).days <= self.SOON_DAYS else "upcoming"
        return "running"

    @property
    def availability_label(self) -> str:
        return str(AVAILABILITY_LABELS[self.availability()])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A run cannot end before it starts.")})
        if self.enrolment_deadline and self.ends_on and self.enrolment_deadline > self.ends_on:
            raise ValidationError(
                {"enrolment_deadline": _("Enrolment must close before the run ends.")}
            )
        if self.seats is not None and self.enrolled > self.seats:
            raise ValidationError({"enrolled": _("More enrolled than there are seats.")})
        if not self.is_online and not self.place:
            raise ValidationError({"place": _("Say where it takes place, or mark it online.")})


AVAILABILITY_LABELS = {
    "open": _("enrolment open"),
    "soon": _("starting soon"),
    "upcoming": _("upcoming"),
    "running": _("under way"),
    "past": _("past"),
}


class Market(models.Model):
    """A country or region where a product is delivered or adopted (replication is a KPI)."""

    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("delivered")
        ADOPTED = "adopted", _("adopted by another organization")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="markets")
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("market")
        verbose_name_plural = _("markets")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "country", "region", "kind"], name="market_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.name} {self.region}".strip()  # type: ignore[attr-defined]


class Framework(models.Model):
    """A product's structure as a competency framework or standard (CASE 1.1): the package as
    received, kept whole so that it exports again without loss, and its items for reading."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="framework")
    package = models.JSONField(_("CASE package"))

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return str(self.product)


class FrameworkItem(models.Model):
    """A statement of a framework with its code and place in the hierarchy."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    identifier = models.CharField(_("identifier"), max_length=100)
    code = models.CharField(_("code"), max_length=200, blank=True)
    statement = models.TextField(_("statement"))
    item_type = models.CharField(_("type"), max_length=200, blank=True)
    parent = models.CharField(_("parent identifier"), max_length=100, blank=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("framework item")
        verbose_name_plural = _("framework items")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "identifier"], name="item_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:80]}".strip()


class ProductRemoval(models.Model):
    """A product that left the public catalog (archived or deleted), for incremental sync."""

    class Reason(models.TextChoices):
        ARCHIVED = "archived", _("archived")
        DELETED = "deleted", _("deleted")

    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slug = models.SlugField(_("short address"), max_length=100)
    source_system = models.CharField(_("source system"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    removed_at = models.DateTimeField(_("removed"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("removal from the catalog")
        verbose_name_plural = _("removals from the catalog")
        ordering = ["removed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.slug} ({self.get_reason_display()})"
