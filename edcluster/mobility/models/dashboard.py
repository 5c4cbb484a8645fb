"""The dashboard's summary of the stage history: how many moves left a stage after how many
whole days, per host, intake, category and citizenship. Written with each move in the same
transaction (`services.dashboard`), taken back when a case is erased: never stale, and a
few rows a stage where the history has ten a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.models.applications import Category, Stage


class StageDays(models.Model):
    host = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    intake = models.ForeignKey("mobility.Intake", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    citizenship = models.CharField(_("citizenship"), max_length=2)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    days = models.PositiveIntegerField(_("days in the stage"))
    moves = models.PositiveIntegerField(_("moves"), default=0)

    class Meta:
        verbose_name = _("days in a stage")
        verbose_name_plural = _("days in stages")
        indexes = [
            # Read whole from the index, grouped by stage and days (every filter covered).
            models.Index(
                fields=["stage", "days", "host", "intake", "category", "citizenship", "moves"],
                name="mobility_stage_days_read",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["host", "intake", "category", "citizenship", "stage", "days"],
                name="mobility_stage_days_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.days}: {self.moves}"
