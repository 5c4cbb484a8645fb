"""Joint projects of the cluster's members: who takes part (one lead), the milestones and what
each delivers, the budget by year, category and source, and for programmes and laboratories
their own particulars."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from edcluster.catalog.models import Product
from edcluster.core.models import TimeStampedModel, in_language

STAGE_ORDER = [str(stage) for stage in Product.Stage.values]


class Project(TimeStampedModel):
    """A joint project: planned → active → completed, suspended or cancelled (each change
    dated, with its reason, in `status_changes`)."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("product development")
        PROGRAMME = "programme", _("joint international programme")
        LABORATORY = "laboratory", _("international laboratory")
        CENTRE = "centre", _("international educational centre")
        RESEARCH = "research", _("research")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), max_length=10_000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=10_000, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    priority_areas = models.ManyToManyField(
        "organizations.PriorityArea",
        blank=True,
        related_name="projects",
        verbose_name=_("priority areas"),
    )
    field = models.ForeignKey(
        "organizations.FieldOfEducation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("field of education (ISCED-F)"),
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.PLANNED
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), max_length=5000, blank=True)
    origin_proposal = models.ForeignKey(
        "matching.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("origin proposal"),
    )
    sources = models.TextField(
        _("sources"), max_length=5000, blank=True, help_text=_("Where the facts come from.")
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Anyone may read a public project.")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["status", "kind"], name="project_status_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(title_ru="", title_en=""), name="project_has_a_title"
            ),
            models.UniqueConstraint(
                fields=["origin_proposal"],
                condition=Q(origin_proposal__isnull=False),
                name="project_one_per_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ru, self.title_en)

    @property
    def summary(self) -> str:
        return in_language(self.summary_ru, self.summary_en)


class StatusChange(models.Model):
    """One move of a project's status: from, to, on which day, why, by whom."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=9, choices=Project.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=9, choices=Project.Status.choices)
    on = models.DateField(_("on"))
    reason = models.TextField(_("reason"), max_length=5000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_status or '—'} → {self.to_status}"


class Participant(models.Model):
    """An organization taking part in a project: exactly one lead (an admitted member), partners,
    industrial and foreign partners; what it does there."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")
        INDUSTRIAL = "industrial", _("industrial partner")
        FOREIGN = "foreign", _("foreign partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="project_participations",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    tasks_ru = models.TextField(_("tasks (Russian)"), max_length=5000, blank=True)
    tasks_en = models.TextField(_("tasks (English)"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="participant_once_per_project"
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="participant_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def tasks(self) -> str:
        return in_language(self.tasks_ru, self.tasks_en)


class Milestone(models.Model):
    """A point of the project's plan, due on a day within the project's dates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_ru="", title_en=""), name="milestone_has_a_title"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_ru, self.title_en)


class Deliverable(models.Model):
    """What a participant delivers at a milestone: a catalog product (done once the product
    reaches the named lifecycle stage, read from the catalog, never stored), a report, an event
    or a publication (done on the day recorded)."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("educational product")
        REPORT = "report", _("report")
        EVENT = "event", _("event")
        PUBLICATION = "publication", _("publication")

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="deliverables")
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="deliverables",
        verbose_name=_("responsible participant"),
    )
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("educational product"),
    )
    target_stage = models.CharField(
        _("done at lifecycle stage"), max_length=12, choices=Product.Stage.choices, blank=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["milestone__due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="product", product__isnull=False, done_on__isnull=True)
                    & ~Q(target_stage="")
                )
                | (~Q(kind="product") & Q(product__isnull=True, target_stage="")),
                name="deliverable_product_and_stage",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        own = in_language(self.title_ru, self.title_en)
        return own or (self.product.title if self.product_id and self.product else "")

    @property
    def is_done(self) -> bool:
        """A product is done once the catalog's product has reached the named stage; anything
        else once its day is recorded."""
        if self.kind == self.Kind.PRODUCT and self.product is not None:
            return STAGE_ORDER.index(self.product.stage) >= STAGE_ORDER.index(self.target_stage)
        return self.done_on is not None


class BudgetLine(models.Model):
    """A participant's money for a year: category, source, planned and spent, in one currency."""

    class Category(models.TextChoices):
        STAFF = "staff", _("staff")
        EQUIPMENT = "equipment", _("equipment")
        MATERIALS = "materials", _("materials")
        TRAVEL = "travel", _("travel")
        SERVICES = "services", _("services and subcontracting")
        SCHOLARSHIPS = "scholarships", _("scholarships")
        OVERHEADS = "overheads", _("overheads")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        OWN = "own", _("own funds")
        INDUSTRY = "industry", _("industry")
        REGIONAL = "regional", _("regional budget")
        FEDERAL = "federal", _("federal programme")
        FOREIGN = "foreign", _("foreign partner")
        GRANT = "grant", _("grant")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    source = models.CharField(_("funding source"), max_length=8, choices=Source.choices)
    planned = models.DecimalField(_("planned amount"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(_("amount spent"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "source", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0, spent__gte=0), name="budget_line_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}: {self.planned} {self.currency}"


class JointProgramme(models.Model):
    """A joint international programme run as a project: its scheme, what each participant
    awards and how many years students spend there (2+2), products, languages, intake."""

    class Scheme(models.TextChoices):
        JOINT = "joint", _("joint diploma")
        DOUBLE = "double", _("double degree")
        MULTIPLE = "multiple", _("multiple degree")
        COTUTELLE = "cotutelle", _("co-tutelle PhD")
        MODULE = "module", _("joint module")
        SUMMER = "summer", _("summer school")

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="programme")
    scheme = models.CharField(_("scheme"), max_length=9, choices=Scheme.choices)
    products = models.ManyToManyField(
        Product, blank=True, related_name="+", verbose_name=_("educational products")
    )
    languages = models.JSONField(_("languages of instruction"), default=list, blank=True)
    intake_per_year = models.PositiveIntegerField(
        _("intake per year"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    # PROTECT: an agreement is never deleted here (it is terminated or expires, its iia-id never
    # reused); a deletion elsewhere must not silently drop the programme's legal basis.
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",  # partnerships, one layer below, knows nothing of programmes
        verbose_name=_("agreement"),
    )

    class Meta:
        verbose_name = _("joint programme")
        verbose_name_plural = _("joint programmes")

    def __str__(self) -> str:
        return f"{self.project} ({self.get_scheme_display()})"


class ProgrammeTrack(models.Model):
    """One participant's part of a joint programme: the diploma it awards, the years there."""

    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="tracks")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="programme_tracks"
    )
    diploma_ru = models.CharField(_("diploma awarded (Russian)"), max_length=300, blank=True)
    diploma_en = models.CharField(_("diploma awarded (English)"), max_length=300, blank=True)
    years = models.DecimalField(
        _("years spent there"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("programme track")
        verbose_name_plural = _("programme tracks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"], name="track_once_per_participant"
            ),
            models.CheckConstraint(condition=Q(years__gte=0), name="track_years_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.organization}: {self.years}"

    @property
    def diploma(self) -> str:
        return in_language(self.diploma_ru, self.diploma_en)


class Laboratory(models.Model):
    """A joint laboratory or centre, in Russia or abroad: host, place, research areas, opening."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="laboratory")
    host = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="hosted_laboratories",
        verbose_name=_("host"),
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    research_areas_ru = models.TextField(_("research areas (Russian)"), max_length=5000, blank=True)
    research_areas_en = models.TextField(_("research areas (English)"), max_length=5000, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        verbose_name = _("laboratory or centre")
        verbose_name_plural = _("laboratories and centres")

    def __str__(self) -> str:
        return str(self.project)

    @property
    def research_areas(self) -> str:
        return in_language(self.research_areas_ru, self.research_areas_en)


class LaboratoryOutput(models.Model):
    """What a laboratory produced in a year."""

    laboratory = models.ForeignKey(Laboratory, on_delete=models.CASCADE, related_name="outputs")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    publications = models.PositiveIntegerField(_("publications"), default=0)
    patents = models.PositiveIntegerField(_("patents"), default=0)
    theses = models.PositiveIntegerField(_("theses defended"), default=0)
    students = models.PositiveIntegerField(_("students trained"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("laboratory output")
        verbose_name_plural = _("laboratory outputs")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["laboratory", "year"], name="lab_output_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.laboratory} {self.year}"
