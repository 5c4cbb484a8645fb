"""A catalog import as a run of the kernel (core.runs)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edcluster.core.runs import CountRow, Run
from edcluster.organizations.models import Organization


class ImportRun(Run):
    """One import of a catalog file (core.runs.Run): its settings, progress and outcome; the
    source is the source system of rows that name none."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        ELM = "elm", _("ELM v3 JSON-LD")
        CASE = "case", _("CASE 1.1 JSON")

    owner = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default owner"),
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)  # emptied CATALOG_IMPORT_KEEP_DAYS after the run
    file_removed_at = models.DateTimeField(_("file removed"), null=True, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, default="utf-8")
    encoding_guess = models.CharField(
        _("the encoding the file looks like"), max_length=20, blank=True
    )
    language = models.CharField(_("language of messages"), max_length=10, default="ru")
    dry_run = models.BooleanField(_("preview only"), default=True)
    publish = models.BooleanField(_("publish new products"), default=False)
    actions = models.JSONField(_("row actions"), default=list, blank=True)
    previewed = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("preview it applies"),
    )

    class Meta(Run.Meta):
        verbose_name = _("catalog import")
        verbose_name_plural = _("catalog imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("catalog:import_run", args=[self.pk])

    def count_rows(self) -> list[CountRow]:
        preview = self.dry_run
        return [
            (_("Rows"), self.total),
            (_("Would be created") if preview else _("Created"), self.created),
            (_("Would be updated") if preview else _("Updated"), self.updated),
            (_("Unchanged"), self.unchanged),
            (_("Rejected"), self.rejected),
        ]
