from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from edcluster.core.models import TimeStampedModel, in_language
from edcluster.core.text import fold_spaces


class BilingualNameMixin:
    """Chooses the Russian or English name by the active language, falling back to the other."""

    name_ru: str
    name_en: str

    @property
    def name(self) -> str:
        return in_language(self.name_ru, self.name_en)


class PriorityArea(BilingualNameMixin, models.Model):
    """An item of one of the official Russian lists of priority areas of science and technology."""

    class List(models.TextChoices):
        DECREE_899_2011 = "decree-899-2011", _("Priority areas (Decree No. 899 of 2011)")
        DECREE_529_2024 = "decree-529-2024", _("Priority directions (Decree No. 529 of 2024)")

    list = models.CharField(_("list"), max_length=20, choices=List.choices)
    code = models.CharField(_("number"), max_length=10)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["list", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="priority_area_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class FieldOfEducation(BilingualNameMixin, models.Model):
    """A field of education and training of ISCED-F 2013 (broad, narrow or detailed)."""

    class Level(models.TextChoices):
        BROAD = "broad", _("broad field")
        NARROW = "narrow", _("narrow field")
        DETAILED = "detailed", _("detailed field")

    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[RegexValidator(r"^\d{2,4}$")]
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field of education")
        verbose_name_plural = _("fields of education")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Organization(BilingualNameMixin, TimeStampedModel):
    """A cluster member or partner organization."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("university")
        RESEARCH_INSTITUTE = "research_institute", _("research institute")
        NON_PROFIT = "non_profit", _("non-profit organization")
        SMALL_ENTERPRISE = "small_enterprise", _("small enterprise")
        EMPLOYER = "employer", _("large company / employer")
        FOREIGN_UNIVERSITY = "foreign_university", _("foreign university")
        FOREIGN_ORGANIZATION = "foreign_organization", _("foreign organization")
        PUBLIC_BODY = "public_body", _("public body")
        MANAGEMENT_COMPANY = "management_company", _("Management Company")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        ADMITTED = "admitted", _("admitted")
        DECLINED = "declined", _("declined")
        SUSPENDED = "suspended", _("suspended")
        LEFT = "left", _("left")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    # The Russian short name (ТГУ); the field kept its name so the API's `short_name` still works.
    short_name = models.CharField(_("short name (Russian)"), max_length=60, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"), default="RU")
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    internet_domain = models.CharField(
        _("internet domain"),
        max_length=253,
        blank=True,
        help_text=_("The domain partners' systems know the organization by, e.g. tsu.ru."),
        validators=[
            RegexValidator(
                r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                _("Enter a domain name such as tsu.ru, in lower case."),
            )
        ],
    )
    # Partner identity (EWP): the SCHAC id is the internet domain above; these two where known.
    erasmus_code = models.CharField(
        _("Erasmus code"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{1,3} *[A-Z][A-Z-]*[0-9]{2,3}$",
                _("Enter an Erasmus code such as D  BERLIN01."),
            )
        ],
    )
    pic = models.CharField(
        _("PIC"),
        max_length=9,
        blank=True,
        help_text=_("The Participant Identification Code of the EU's Funding and Tenders Portal."),
        validators=[RegexValidator(r"^[0-9]{9}$", _("A PIC has nine digits."))],
    )
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    students_count = models.PositiveIntegerField(_("students"), null=True, blank=True)
    international_students_count = models.PositiveIntegerField(
        _("international students"), null=True, blank=True
    )
    facts_source = models.TextField(
        _("source of the facts"), blank=True, help_text=_("Where the published figures come from.")
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="organizations", verbose_name=_("priority areas")
    )
    fields_of_education = models.ManyToManyField(
        FieldOfEducation,
        blank=True,
        related_name="organizations",
        verbose_name=_("fields of education"),
    )
    is_key_company = models.BooleanField(_("key company"), default=False)
    is_sme = models.BooleanField(_("small or medium enterprise"), default=False)
    status = models.CharField(
        _("membership status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Invented for the demonstration cluster.")
    )
    # Lower-cased names in both languages: SQLite's LIKE folds case of ASCII letters only, so
    # Cyrillic search needs a column folded by Python.
    search_text = models.TextField(editable=False, default="")
    # Raised by each saved change of what its editors describe (optimistic concurrency,
    # core.concurrency): a form or an API client's If-Match names the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["internet_domain"],
                condition=~models.Q(internet_domain=""),
                name="organization_unique_domain",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["applied", "admitted", "declined", "suspended", "left"]
                ),
                name="organization_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return self.short or self.name

    @property
    def short(self) -> str:
        """The short name in the active language, falling back to the other one."""
        return in_language(self.short_name, self.short_name_en)

    def clean(self) -> None:
        if (
            self.internet_domain
            and Organization.objects.filter(internet_domain=self.internet_domain)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"internet_domain": _("Another organization already uses this domain.")}
            )

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold_spaces(
            " ".join(
                [
                    self.name_ru,
                    self.name_en,
                    self.short_name,
                    self.short_name_en,
                    self.city,
                    self.internet_domain,
                ]
            )
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def description(self) -> str:
        return in_language(self.description_ru, self.description_en)

    @property
    def schac_id(self) -> str:
        """The organization's id in EWP (its SCHAC home organization): its internet domain."""
        return self.internet_domain

    @property
    def is_foreign(self) -> bool:
        return self.kind in (self.Kind.FOREIGN_UNIVERSITY, self.Kind.FOREIGN_ORGANIZATION)


class OrganizationUnit(BilingualNameMixin, models.Model):
    """A faculty, department or office of an organization, as partners' systems know it (EWP's
    organizational unit, `ounit-id`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="units")
    unit_id = models.CharField(
        _("unit id"),
        max_length=64,
        validators=[RegexValidator(r"^[A-Za-z0-9._:-]+$", _("Letters, digits and . _ : - only."))],
        help_text=_("The unit's identifier in its organization's systems (EWP ounit-id)."),
    )
    code = models.CharField(_("unit code"), max_length=64, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("organizational unit")
        verbose_name_plural = _("organizational units")
        ordering = ["organization_id", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "unit_id"], name="organization_unit_unique_id"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationContact(models.Model):
    """A person to write to about cooperation: role, name, e-mail, phone; nothing more."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    unit = models.ForeignKey(
        OrganizationUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    role = models.CharField(_("role"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{5,39}$", _("Enter a phone number."))],
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organization_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class StatusChange(models.Model):
    """One step of an organization's membership history, with the reason kept."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Organization.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Organization.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.from_status or '—'} → {self.to_status}"
