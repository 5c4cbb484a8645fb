from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from edcluster.core.audit import audit_verb_label


def in_language(russian: str, english: str) -> str:
    """The text in the active language, falling back to the other one."""
    if (get_language() or "ru").startswith("ru"):
        return russian or english
    return english or russian


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RunStatus(models.TextChoices):
    """Where a long piece of background work (an import, an ingestion) stands: queued → running
    → done, failed, or interrupted (its process was stopped; see core.runs)."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    INTERRUPTED = "interrupted", _("interrupted")


class AuditEntry(models.Model):
    """Who did what to which record and when; written by services, read by operators."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=80)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # (target_type, target_id) below leads with it
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        # Every service writes here (a bulk import, a row per product): no index twice. The verb
        # is looked up whole, never by a LIKE prefix, so it has a plain index, not db_index's
        # second pattern index.
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["verb"], name="core_audit_verb"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    @property
    def verb_label(self) -> str:
        """The action in the reader's language (the verb's code when nobody named it)."""
        return audit_verb_label(self.verb)
