"""The office's work on a case besides its moves: the intake's assigned reviewers and the
messages between the office and the applicant."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.models.applications import Application, Intake


class IntakeReviewer(models.Model):
    """A person the host's office asked to score the intake's applications on its
    scoresheet; reviewers see the cases of the intake, never passport or health files."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="reviewers")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobility_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned on"))

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["intake_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "reviewer"], name="reviewer_once_per_intake")
        ]

    def __str__(self) -> str:
        return str(self.reviewer)


class Message(models.Model):
    """A message on a case, from the applicant to the host's office or back."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_office = models.BooleanField(_("from the office"))
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.application_id} {self.sent_at:%Y-%m-%d %H:%M}"
