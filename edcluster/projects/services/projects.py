"""Projects: creating one (with its lead), changing it, moving its status, starting one from an
accepted proposal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.catalog.models import Product
from edcluster.core.services import audit_record
from edcluster.matching.models import Proposal
from edcluster.organizations.models import Organization
from edcluster.projects.models import (
    Deliverable,
    JointProgramme,
    Laboratory,
    Milestone,
    Participant,
    Project,
    StatusChange,
)
from edcluster.projects.selectors import MOVES, proposal_startable

PROJECT_FIELDS = {
    "kind",
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "starts_on",
    "ends_on",
    "field",
    "sources",
    "is_public",
}


def check_lead(organization: Organization) -> None:
    """A project's lead is an admitted member of the cluster."""
    if organization.status != Organization.Status.ADMITTED:
        raise ValidationError({"lead": _("The lead must be an admitted member of the cluster.")})


def _apply(project: Project, fields: dict, priority_areas) -> list[str]:
    refused = set(fields) - PROJECT_FIELDS
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    changed = [name for name, value in fields.items() if getattr(project, name) != value]
    for name in changed:
        setattr(project, name, fields[name])
    errors = {}
    if not (project.title_ru or project.title_en):
        errors["title_ru"] = _("Give a title in Russian or English.")
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = _("A project cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    project.full_clean(exclude=["origin_proposal"])
    return changed


def _milestones_within(project: Project) -> None:
    outside = project.milestones.exclude(due_on__range=(project.starts_on, project.ends_on))
    if outside.exists():
        raise ValidationError(
            {"ends_on": _("Some milestones would fall outside the project's dates.")}
        )


def _has_particulars(project: Project) -> bool:
    return (
        JointProgramme.objects.filter(project=project).exists()
        or Laboratory.objects.filter(project=project).exists()
    )


@transaction.atomic
def project_create(
    *,
    lead: Organization,
    actor,
    fields: dict,
    priority_areas=None,
    proposal: Proposal | None = None,
) -> Project:
    """A project, planned, led by an admitted member (its first participant)."""
    check_lead(lead)
    project = Project(status=Project.Status.PLANNED, origin_proposal=proposal)
    _apply(project, fields, priority_areas)
    project.status_on = project.starts_on
    project.save()
    if priority_areas is not None:
        project.priority_areas.set(priority_areas)
    Participant.objects.create(project=project, organization=lead, role=Participant.Role.LEAD)
    StatusChange.objects.create(
        project=project, to_status=project.status, on=project.status_on, actor=_user(actor)
    )
    audit_record(
        actor=actor,
        verb="project.created",
        target=project,
        data={"lead": lead.slug, "kind": project.kind},
    )
    return project


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def project_update(*, project: Project, actor, fields: dict, priority_areas=None) -> Project:
    """Change a project's description, dates or visibility; milestones stay within its dates."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    changed = _apply(project, fields, priority_areas)
    if "starts_on" in changed or "ends_on" in changed:
        _milestones_within(project)
    if "kind" in changed and _has_particulars(project):
        raise ValidationError(
            {"kind": _("A project with its programme or laboratory recorded keeps its kind.")}
        )
    if changed:
        project.save()
    if priority_areas is not None:
        before = set(project.priority_areas.values_list("pk", flat=True))
        if before != {area.pk for area in priority_areas}:
            project.priority_areas.set(priority_areas)
            changed.append("priority_areas")
    if changed:
        audit_record(
            actor=actor, verb="project.updated", target=project, data={"fields": sorted(changed)}
        )
    return project


@transaction.atomic
def project_move(*, project: Project, actor, to: str, on: date, reason: str = "") -> Project:
    """Move the status (planned → active → completed | suspended | cancelled), dated, with a
    reason: required to suspend or cancel."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to not in Project.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if to not in MOVES[project.status]:
        raise ValidationError(
            {
                "status": _("A project that is %(current)s cannot become %(target)s.")
                % {"current": project.get_status_display(), "target": Project.Status(to).label}
            }
        )
    reason = reason.strip()
    if to in (Project.Status.SUSPENDED, Project.Status.CANCELLED) and not reason:
        raise ValidationError({"reason": _("Say why.")})
    if project.status_on and on < project.status_on:
        raise ValidationError({"on": _("A change cannot be dated before the previous one.")})
    before = project.status
    project.status, project.status_on, project.status_reason = to, on, reason
    project.save(update_fields=["status", "status_on", "status_reason", "updated_at"])
    StatusChange.objects.create(
        project=project, from_status=before, to_status=to, on=on, reason=reason, actor=_user(actor)
    )
    audit_record(
        actor=actor,
        verb="project.status",
        target=project,
        data={"from": before, "to": to, "on": on.isoformat(), "reason": reason[:500]},
    )
    return project


@transaction.atomic
def project_start_from_proposal(
    *, proposal: Proposal, actor, starts_on: date, ends_on: date
) -> Project:
    """A product development project from an accepted proposal: the draft product's owners
    (the consortium the operators chose) become participants, its lead owner the lead, and the
    draft product the first deliverable (done once it is implemented)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal_startable(proposal=proposal):
        raise ValidationError(
            {"proposal": _("Only an accepted proposal without a project can start one.")}
        )
    product: Product = proposal.product  # type: ignore[assignment]
    ownerships = list(product.ownerships.select_related("organization").order_by("pk"))
    lead = next(o.organization for o in ownerships if o.role == "lead")
    project = project_create(
        lead=lead,
        actor=actor,
        fields={
            "kind": Project.Kind.PRODUCT,
            "title_ru": proposal.title_ru,
            "title_en": proposal.title_en,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
        proposal=proposal,
    )
    for ownership in ownerships:
        if ownership.organization_id != lead.pk:
            Participant.objects.create(
                project=project,
                organization=ownership.organization,
                role=_role_of(ownership.organization),
            )
    milestone = Milestone.objects.create(
        project=project,
        title_ru="Продукт внедрён",
        title_en="Product implemented",
        due_on=ends_on,
    )
    Deliverable.objects.create(
        milestone=milestone,
        participant=project.participants.get(role=Participant.Role.LEAD),
        kind=Deliverable.Kind.PRODUCT,
        product=product,
        target_stage=Product.Stage.IMPLEMENTED,
    )
    audit_record(
        actor=actor,
        verb="project.started_from_proposal",
        target=project,
        data={"proposal": proposal.pk, "product": product.slug},
    )
    return project


def _role_of(organization: Organization) -> str:
    """The role an organization takes by its kind: foreign, industrial or a partner."""
    kinds = Organization.Kind
    if organization.kind == kinds.FOREIGN_UNIVERSITY or organization.country != "RU":
        return Participant.Role.FOREIGN
    if organization.kind in (kinds.SMALL_ENTERPRISE, kinds.EMPLOYER):
        return Participant.Role.INDUSTRIAL
    return Participant.Role.PARTNER
