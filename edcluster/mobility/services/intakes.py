"""Intakes and their scoresheets, kept by the host's office."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.selectors import can_edit_organization
from edcluster.core.services import audit_record
from edcluster.mobility.models import Application, Criterion, Intake, IntakeReviewer, Score, Stage
from edcluster.mobility.selectors import reviews_intake


@transaction.atomic
def intake_create(*, offering, host, actor, fields: dict[str, Any]) -> Intake:
    """Open an offering of one of the host's products to foreign applicants."""
    if not can_edit_organization(user=actor, organization=host):
        raise PermissionDenied
    if not offering.product.owners.filter(pk=host.pk).exists():
        raise ValidationError({"offering": _("The offering is not of the host's product.")})
    intake = Intake(offering=offering, host=host, **fields)
    intake.full_clean()
    intake.save()
    audit_record(actor=actor, verb="mobility.intake_created", target=intake)
    return intake


@transaction.atomic
def criterion_add(*, intake: Intake, actor, name: str, weight: Decimal) -> Criterion:
    if not can_edit_organization(user=actor, organization=intake.host):
        raise PermissionDenied
    criterion = Criterion(intake=intake, name=name, weight=weight)
    criterion.full_clean()
    criterion.save()
    audit_record(actor=actor, verb="mobility.criterion_added", target=intake)
    return criterion


@transaction.atomic
def score_set(*, application: Application, criterion: Criterion, reviewer, value: int) -> Score:
    """An assigned reviewer's score 0–10 of a submitted case on a criterion of its intake
    (replacing theirs)."""
    if not reviews_intake(user=reviewer, intake_id=application.intake_id):
        raise PermissionDenied
    if application.stage in (Stage.DRAFT, Stage.WITHDRAWN, Stage.CANCELLED):
        raise ValidationError({"application": _("Only submitted cases are scored.")})
    if criterion.intake_id != application.intake_id:
        raise ValidationError({"criterion": _("The criterion is not of this intake.")})
    if not 0 <= value <= 10:
        raise ValidationError({"value": _("A score is from 0 to 10.")})
    score, _created = Score.objects.update_or_create(
        application=application,
        criterion=criterion,
        reviewer=reviewer,
        defaults={"value": value},
    )
    audit_record(
        actor=reviewer,
        verb="mobility.scored",
        target=application,
        data={"criterion": criterion.name, "value": value},
    )
    return score


@transaction.atomic
def reviewer_assign(*, intake: Intake, reviewer, actor) -> IntakeReviewer:
    """Ask someone to score the intake's cases (its host's editors, operators)."""
    if not can_edit_organization(user=actor, organization=intake.host):
        raise PermissionDenied
    if not reviewer.is_active:
        raise ValidationError({"reviewer": _("This account is not active.")})
    assigned, created = IntakeReviewer.objects.get_or_create(
        intake=intake,
        reviewer=reviewer,
        defaults={"assigned_by": actor, "assigned_at": timezone.now()},
    )
    if created:
        audit_record(
            actor=actor,
            verb="mobility.reviewer_assigned",
            target=intake,
            data={"reviewer": reviewer.pk},
        )
    return assigned


@transaction.atomic
def reviewer_remove(*, intake: Intake, reviewer, actor) -> None:
    if not can_edit_organization(user=actor, organization=intake.host):
        raise PermissionDenied
    deleted, _rows = IntakeReviewer.objects.filter(intake=intake, reviewer=reviewer).delete()
    if deleted:
        audit_record(
            actor=actor,
            verb="mobility.reviewer_removed",
            target=intake,
            data={"reviewer": reviewer.pk},
        )
