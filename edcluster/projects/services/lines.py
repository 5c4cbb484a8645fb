"""A project's lines: participants (exactly one lead), milestones within the project's dates,
deliverables, budget lines (ISO 4217 currency, amounts not negative). Who may call which is
decided by the selectors' access getters; these hold the rules of the records."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from edcluster.core.currencies import ISO_4217
from edcluster.core.services import audit_record
from edcluster.projects.models import BudgetLine, Deliverable, Milestone, Participant, Project
from edcluster.projects.services.projects import check_lead

Role = Participant.Role


def _set(record: models.Model, fields: dict, allowed: set[str]) -> list[str]:
    refused = set(fields) - allowed
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    changed = [name for name, value in fields.items() if getattr(record, name, None) != value]
    for name in changed:
        setattr(record, name, fields[name])
    return changed


def _audit(actor, verb: str, project: Project, record: models.Model, **data) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        target=project,
        data={"id": record.pk, "line": str(record)[:200], **data},
    )


# Participants ----------------------------------------------------------------------------

PARTICIPANT_FIELDS = {"role", "tasks_ru", "tasks_en"}


@transaction.atomic
def participant_add(*, project: Project, organization, actor, fields: dict) -> Participant:
    """A further participant; a second lead is refused."""
    if project.participants.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This organization already takes part.")})
    participant = Participant(project=project, organization=organization)
    _set(participant, fields, PARTICIPANT_FIELDS)
    if participant.role == Role.LEAD:
        raise ValidationError({"role": _("A project has exactly one lead.")})
    participant.full_clean(exclude=["project", "organization"])
    participant.save()
    _audit(actor, "project.participant_added", project, participant, org=organization.slug)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, actor, fields: dict) -> Participant:
    """Change a participant's tasks or role; the lead stays the lead (exactly one)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    was_lead = participant.role == Role.LEAD
    changed = _set(participant, fields, PARTICIPANT_FIELDS)
    if "role" in changed and (was_lead or participant.role == Role.LEAD):
        raise ValidationError({"role": _("A project has exactly one lead.")})
    participant.full_clean(exclude=["project", "organization"])
    if changed:
        participant.save()
        _audit(actor, "project.participant_changed", participant.project, participant)
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor) -> None:
    """Take a participant out with its lines; never the lead."""
    if participant.role == Role.LEAD:
        raise ValidationError({"role": _("The lead cannot be removed.")})
    project = participant.project
    _audit(actor, "project.participant_removed", project, participant)
    participant.delete()


@transaction.atomic
def project_lead_change(*, project: Project, organization, actor) -> Participant:
    """Hand the lead to another admitted member (already a participant or not); the former
    lead stays a partner."""
    check_lead(organization)
    current = project.participants.select_for_update().get(role=Role.LEAD)
    if current.organization_id == organization.pk:
        return current
    current.role = Role.PARTNER
    current.save(update_fields=["role"])
    new, _created = Participant.objects.get_or_create(
        project=project, organization=organization, defaults={"role": Role.LEAD}
    )
    if new.role != Role.LEAD:
        new.role = Role.LEAD
        new.save(update_fields=["role"])
    _audit(actor, "project.lead_changed", project, new, org=organization.slug)
    return new


# Milestones ------------------------------------------------------------------------------

MILESTONE_FIELDS = {"title_ru", "title_en", "due_on", "done_on"}


def _check_milestone(milestone: Milestone, project: Project) -> None:
    errors = {}
    if not (milestone.title_ru or milestone.title_en):
        errors["title_ru"] = _("Give a title in Russian or English.")
    if milestone.due_on and not project.starts_on <= milestone.due_on <= project.ends_on:
        errors["due_on"] = _(
            "A milestone is due within the project's dates (%(start)s – %(end)s)."
        ) % {
            "start": project.starts_on.isoformat(),
            "end": project.ends_on.isoformat(),
        }
    if errors:
        raise ValidationError(errors)
    milestone.full_clean(exclude=["project"])


@transaction.atomic
def milestone_add(*, project: Project, actor, fields: dict) -> Milestone:
    milestone = Milestone(project=project)
    _set(milestone, fields, MILESTONE_FIELDS)
    _check_milestone(milestone, project)
    milestone.save()
    _audit(actor, "project.milestone_added", project, milestone)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor, fields: dict) -> Milestone:
    project = milestone.project
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    changed = _set(milestone, fields, MILESTONE_FIELDS)
    _check_milestone(milestone, project)
    if changed:
        milestone.save()
        _audit(actor, "project.milestone_changed", project, milestone, fields=sorted(changed))
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, actor) -> None:
    _audit(actor, "project.milestone_removed", milestone.project, milestone)
    milestone.delete()


# Deliverables ----------------------------------------------------------------------------

DELIVERABLE_FIELDS = {
    "milestone",
    "kind",
    "title_ru",
    "title_en",
    "product",
    "target_stage",
    "done_on",
}


def _check_deliverable(deliverable: Deliverable, project: Project) -> None:
    errors = {}
    if deliverable.milestone.project_id != project.pk:
        errors["milestone"] = _("The milestone is not of this project.")
    if deliverable.participant.project_id != project.pk:
        errors["participant"] = _("The participant is not of this project.")
    if deliverable.kind == Deliverable.Kind.PRODUCT:
        if deliverable.product is None:
            errors["product"] = _("Name the catalog product delivered.")
        if not deliverable.target_stage:
            errors["target_stage"] = _("Name the lifecycle stage at which it is done.")
        if deliverable.done_on is not None:
            errors["done_on"] = _("A product is done when the catalog says so, not by a date.")
    else:
        if deliverable.product is not None or deliverable.target_stage:
            errors["product"] = _("Only a product deliverable names a catalog product.")
        if not (deliverable.title_ru or deliverable.title_en):
            errors["title_ru"] = _("Give a title in Russian or English.")
    if errors:
        raise ValidationError(errors)
    deliverable.full_clean(exclude=["milestone", "participant", "product"])


@transaction.atomic
def deliverable_add(
    *, project: Project, participant: Participant, actor, fields: dict
) -> Deliverable:
    deliverable = Deliverable(participant=participant)
    _set(deliverable, fields, DELIVERABLE_FIELDS)
    if deliverable.milestone_id is None:
        raise ValidationError({"milestone": _("Choose the milestone.")})
    _check_deliverable(deliverable, project)
    deliverable.save()
    _audit(actor, "project.deliverable_added", project, deliverable)
    return deliverable


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, actor, fields: dict, participant: Participant | None = None
) -> Deliverable:
    project = deliverable.participant.project
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    changed = _set(deliverable, fields, DELIVERABLE_FIELDS)
    if participant is not None and participant.pk != deliverable.participant_id:
        deliverable.participant = participant
        changed.append("participant")
    _check_deliverable(deliverable, project)
    if changed:
        deliverable.save()
        _audit(actor, "project.deliverable_changed", project, deliverable, fields=sorted(changed))
    return deliverable


@transaction.atomic
def deliverable_remove(*, deliverable: Deliverable, actor) -> None:
    _audit(actor, "project.deliverable_removed", deliverable.participant.project, deliverable)
    deliverable.delete()


# Budget lines ----------------------------------------------------------------------------

BUDGET_FIELDS = {"year", "category", "source", "planned", "spent", "currency", "note"}


def _check_budget_line(line: BudgetLine) -> None:
    errors = {}
    line.currency = (line.currency or "").strip().upper()
    if line.currency not in ISO_4217:
        errors["currency"] = _("Use an ISO 4217 currency code, e.g. RUB, CNY or EUR.")
    for name in ("planned", "spent"):
        value = getattr(line, name)
        if value is not None and Decimal(value) < 0:
            errors[name] = _("An amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    line.full_clean(exclude=["project", "participant"])


@transaction.atomic
def budget_line_add(
    *, project: Project, participant: Participant, actor, fields: dict
) -> BudgetLine:
    if participant.project_id != project.pk:
        raise ValidationError({"participant": _("The participant is not of this project.")})
    line = BudgetLine(project=project, participant=participant)
    _set(line, fields, BUDGET_FIELDS)
    _check_budget_line(line)
    line.save()
    _audit(actor, "project.budget_line_added", project, line)
    return line


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, actor, fields: dict, participant: Participant | None = None
) -> BudgetLine:
    project = line.participant.project
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    changed = _set(line, fields, BUDGET_FIELDS)
    if participant is not None and participant.pk != line.participant_id:
        if participant.project_id != project.pk:
            raise ValidationError({"participant": _("The participant is not of this project.")})
        line.participant = participant
        changed.append("participant")
    _check_budget_line(line)
    if changed:
        line.save()
        _audit(actor, "project.budget_line_changed", project, line, fields=sorted(changed))
    return line


@transaction.atomic
def budget_line_remove(*, line: BudgetLine, actor) -> None:
    _audit(actor, "project.budget_line_removed", line.participant.project, line)
    line.delete()
