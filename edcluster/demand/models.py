"""Job postings ingested in bulk, the skills found in them, and the runs that brought them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edcluster.core.models import TimeStampedModel
from edcluster.core.runs import CountRow, Run
from edcluster.skills.models import Occupation, Skill


class IngestRun(Run):
    """One ingestion of job postings (core.runs.Run): where from, progress, checkpoint and
    accounting. A batch and the run's counters commit together, so a run stopped at any moment
    resumes from `checkpoint`. `total` is known for API batches; a file's progress is in bytes
    (`position` of `size`), then in postings whose skills are extracted."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSONL = "jsonl", "JSON Lines"
        API = "api", "API"

    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    path = models.CharField(max_length=500, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=200, blank=True, editable=False)
    extract = models.BooleanField(_("extract skills"), default=True)
    checkpoint = models.PositiveBigIntegerField(_("rows committed"), default=0)
    size = models.PositiveBigIntegerField(_("bytes"), default=0)
    position = models.PositiveBigIntegerField(_("bytes read"), default=0)
    to_extract = models.PositiveIntegerField(_("postings to extract"), default=0)
    extracted = models.PositiveIntegerField(_("postings extracted"), default=0)

    class Meta(Run.Meta):
        verbose_name = _("postings ingestion")
        verbose_name_plural = _("postings ingestions")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="demand_ingest_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.file_name or self.format} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("demand:run", args=[self.pk])

    @property
    def working(self) -> bool:
        """Ingesting, or extracting the skills of what it stored."""
        return super().working or (
            self.status == self.Status.DONE and self.extracted < self.to_extract
        )

    @property
    def extracting(self) -> bool:
        """Its rows are in, the skills of its postings are still being extracted."""
        return self.status == self.Status.DONE and self.extracted < self.to_extract

    @property
    def state(self) -> str:
        """Not "done" while skills are still being extracted: how far that is."""
        if self.extracting:
            return gettext("extracting skills: %(extracted)s of %(total)s postings") % {
                "extracted": self.extracted,
                "total": self.to_extract,
            }
        return super().state

    @property
    def percent(self) -> int:
        """Share of the file read (bytes), then of the postings whose skills are extracted."""
        if self.status == self.Status.DONE and not self.to_extract:
            return 100
        read = self.position * 100 // self.size if self.size else 0
        if self.to_extract:
            return (
                min(100, 50 + self.extracted * 50 // self.to_extract) if read >= 100 else read // 2
            )
        return min(100, read)

    def count_rows(self) -> list[CountRow]:
        rows: list[CountRow] = [
            (_("Status"), self.state),
            (_("Rows read"), self.processed),
            (_("Inserted"), self.created),
            (_("Updated"), self.updated),
            (_("Unchanged"), self.unchanged),
            (_("Duplicates"), self.duplicates),
            (_("Rejected"), self.rejected),
        ]
        if self.extract:
            rows.append((_("Skills extracted"), f"{self.extracted} / {self.to_extract}"))
        return rows


class JobPosting(models.Model):
    """A job advertisement, keyed by its source and the source's id."""

    # The three references below are kept by the application, not by database constraints: a
    # constraint queues a check for every inserted row, also for an empty reference, which cost
    # a fifth of storing a batch of postings (PostgreSQL). Postings are written by ingestion,
    # which creates their run first, and by extraction, which sets occupations it has just
    # read; neither runs nor occupations are deleted but through the ORM, which clears the
    # references (on_delete), and the ESCO loader marks occupations obsolete, never deletes.
    run = models.ForeignKey(
        IngestRun, null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    source = models.CharField(_("source"), max_length=100)
    external_id = models.CharField(_("id at the source"), max_length=200)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"))
    # 64-bit keys (BLAKE2b): of the normalised text, to find the same posting under another id,
    # and of every documented column, to tell a changed posting from an unchanged one. Eight
    # bytes keep the text key's index small: each bulk insert updates it at random places.
    text_hash = models.BigIntegerField(db_index=True, editable=False)
    content_hash = models.BigIntegerField(editable=False)
    employer = models.CharField(_("employer"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    posted_at = models.DateField(_("posted"), null=True, blank=True, db_index=True)
    salary_from = models.DecimalField(
        _("salary from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    salary_to = models.DecimalField(
        _("salary to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("occupation"),
        db_index=False,  # a partial index below: postings arrive without one
        db_constraint=False,
    )
    extracted_at = models.DateTimeField(_("skills extracted"), null=True, blank=True)
    # what the analytics rollups counted this posting under (month, region), so that a
    # re-extraction takes back exactly what it added even if the posting changed since
    fact_month = models.DateField(null=True, blank=True, editable=False)
    fact_region = models.CharField(max_length=200, blank=True, editable=False, db_default="")
    fact_occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
        db_constraint=False,
    )
    skills = models.ManyToManyField(Skill, through="PostingSkill", related_name="+")

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="demand_posting_key")
        ]
        # Few indexes: each one costs every insert of a bulk ingestion. Waiting postings are
        # found by their run's index; analytics read the rollups and (fact_month, fact_region).
        # Postings arrive with no occupation and no analytics month, so those two indexes are
        # partial: an ingestion does not touch them, the extraction that sets them does.
        indexes = [
            models.Index(
                fields=["fact_month", "fact_region"],
                name="demand_posting_month",
                condition=models.Q(fact_month__isnull=False),
            ),
            models.Index(
                fields=["occupation"],
                name="demand_posting_occupation",
                condition=models.Q(occupation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PostingSkill(models.Model):
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    evidence = models.CharField(_("evidence"), max_length=500)
    method = models.CharField(_("method"), max_length=15)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["posting", "skill"], name="demand_posting_skill")
        ]
        # the postings asking for a skill (drill-down, and the demand a product meets); facts
        # are written by the extraction, not by the bulk ingestion, so this costs no ingestion
        indexes = [models.Index(fields=["skill", "posting"], name="demand_skill_postings")]

    def __str__(self) -> str:
        return f"{self.posting_id} → {self.skill_id} ({self.score:.2f})"


ALL_REGIONS = "*"  # the rollup rows that sum every region (a region cannot be called this)


class MonthlyDemand(models.Model):
    """A rollup row: how many postings of a month and region count for something."""

    month = models.DateField()
    region = models.CharField(max_length=200, blank=True)
    postings = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region}: {self.postings}"


class SkillDemand(MonthlyDemand):
    """Rollup: how many postings of a month and region ask for a skill (kept equal to the
    posting-skill facts by the extraction that writes them; a test proves it). Rows of region
    ALL_REGIONS hold the sums over regions, so a report over all of them reads few rows."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "month", "region"], name="demand_skill_month")
        ]
        # covering: a report sums `postings` straight from the index
        indexes = [
            models.Index(fields=["region", "month", "skill", "postings"], name="demand_skill_cover")
        ]


class OccupationDemand(MonthlyDemand):
    """Rollup: how many postings of a month and region are for an occupation."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "month", "region"], name="demand_occupation_month"
            )
        ]
        indexes = [
            models.Index(
                fields=["region", "month", "occupation", "postings"], name="demand_occ_cover"
            )
        ]


class DemandRequest(TimeStampedModel):
    """An employer's statement of the people it needs: occupation, skills, how many, by when.

    Open → being addressed (the cluster works on it) → closed with an outcome; a closed
    request can be reopened by an operator."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ADDRESSED = "addressed", _("being addressed")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        MET = "met", _("met")
        PARTLY_MET = "partly_met", _("partly met")
        NOT_MET = "not_met", _("not met")
        WITHDRAWN = "withdrawn", _("withdrawn by the employer")

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="demand_requests",
        verbose_name=_("employer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        max_length=20_000,
        help_text=_("What the people will do; the skills are suggested from this text."),
    )
    occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation"),
    )
    headcount = models.PositiveIntegerField(
        _("headcount"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How many specialists are needed."),
    )
    needed_by = models.DateField(
        _("needed by"), help_text=_("The time horizon: by when the specialists are needed.")
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("level of qualification (EQF)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    priority_area = models.ForeignKey(
        "organizations.PriorityArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demand_requests",
        verbose_name=_("priority area"),
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), max_length=5000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    skills = models.ManyToManyField(Skill, through="RequestSkill", related_name="+")
    # Raised by each saved change of what its editors describe (optimistic concurrency,
    # core.concurrency): a form or an API client's If-Match names the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("demand request")
        verbose_name_plural = _("demand requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="demand_request_status")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="closed", closed_at__isnull=False) & ~models.Q(outcome="")
                )
                | (~models.Q(status="closed") & models.Q(outcome="")),
                name="demand_request_outcome_when_closed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class RequestSkill(models.Model):
    """A skill a request asks for, essential or nice to have; kept from the extractor's
    suggestions (with its score and evidence) or added by the employer."""

    class Importance(models.TextChoices):
        ESSENTIAL = "essential", _("essential")
        NICE = "nice", _("nice to have")

    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", _("suggested from the description")
        EMPLOYER = "employer", _("added by the employer")

    request = models.ForeignKey(DemandRequest, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    importance = models.CharField(
        _("importance"), max_length=9, choices=Importance.choices, default=Importance.ESSENTIAL
    )
    origin = models.CharField(_("origin"), max_length=9, choices=Origin.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "skill"], name="demand_request_skill")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.skill_id} ({self.importance})"
