"""Employers' demand requests: stating them, their skills (suggested by the extractor from the
description, see selectors.skills_suggest, then confirmed, added or removed by the employer) and
their status."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.core.concurrency import version_check
from edcluster.core.services import audit_record
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.selectors import (
    REQUESTERS,
    SkillChoice,
    allowed_moves,
    occupation_suggest,
    skills_suggest,
)
from edcluster.organizations.models import Organization

Status = DemandRequest.Status
Importance = RequestSkill.Importance
FIELDS = {
    "title",
    "description",
    "occupation",
    "headcount",
    "needed_by",
    "region",
    "eqf_level",
    "priority_area",
}
MAX_SKILLS = 60


def _check_organization(organization: Organization) -> None:
    if organization.status not in REQUESTERS:
        raise ValidationError(
            {"organization": _("Only members and registered companies state demand.")}
        )


def _skills_set(*, request: DemandRequest, choices: Iterable[SkillChoice]) -> bool:
    """Replace the request's skills; returns whether anything changed."""
    wanted: dict[int, SkillChoice] = {}
    for choice in choices:  # a skill named twice keeps the last importance given
        if choice.skill.obsolete:
            raise ValidationError(
                {"skills": _("“%(skill)s” is no longer in the taxonomy.") % {"skill": choice.skill}}
            )
        if choice.importance not in Importance.values:
            raise ValidationError({"skills": _("Importance is essential or nice.")})
        wanted[choice.skill.pk] = choice
    if len(wanted) > MAX_SKILLS:
        raise ValidationError(
            {"skills": _("At most %(count)d skills per request.") % {"count": MAX_SKILLS}}
        )
    current = {link.skill_id: (link.importance, link.origin) for link in request.skill_links.all()}
    if current == {pk: (c.importance, c.origin) for pk, c in wanted.items()}:
        return False
    request.skill_links.all().delete()
    RequestSkill.objects.bulk_create(
        RequestSkill(
            request=request,
            skill=choice.skill,
            importance=choice.importance,
            origin=choice.origin,
            score=choice.score,
            evidence=choice.evidence,
        )
        for choice in wanted.values()
    )
    return True


def _apply(*, request: DemandRequest, fields: dict) -> list[str]:
    refused = set(fields) - FIELDS
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    changed = [name for name, value in fields.items() if getattr(request, name) != value]
    for name in changed:
        setattr(request, name, fields[name])
    if request.occupation is not None and request.occupation.obsolete:
        raise ValidationError({"occupation": _("This occupation is no longer in the taxonomy.")})
    request.full_clean(exclude=["organization", "author"])
    return changed


@transaction.atomic
def request_create(
    *,
    organization: Organization,
    actor: User | None,
    fields: dict,
    skills: Iterable[SkillChoice] | None = None,
) -> DemandRequest:
    """An employer states a request. Without `skills`, the extractor's suggestions from the title
    and description are taken (the employer confirms or changes them afterwards)."""
    _check_organization(organization)
    request = DemandRequest(organization=organization, author=actor)
    fields = {"region": organization.region, **fields}
    _apply(request=request, fields=fields)
    if request.occupation is None:
        request.occupation = occupation_suggest(request.title)
    request.save()
    if skills is None:
        skills = skills_suggest(f"{request.title}.\n{request.description}")
    _skills_set(request=request, choices=skills)
    audit_record(
        actor=actor,
        verb="demand_request.created",
        target=request,
        data={"skills": request.skill_links.count()},
    )
    return request


@transaction.atomic
def request_update(
    *,
    request: DemandRequest,
    actor: User | None,
    fields: dict,
    skills: Iterable[SkillChoice] | None = None,
    expected_version: int | None = None,
) -> DemandRequest:
    """Change what a request asks for (not once it is closed); all or nothing, audited. A save
    from another version than the request's (`expected_version`) is refused (EditConflict)."""
    request = DemandRequest.objects.select_for_update().get(pk=request.pk)
    version_check(current=request.version, expected=expected_version)
    if request.is_closed:
        raise ValidationError(
            {"status": _("A closed request cannot be changed; it has to be reopened first.")}
        )
    changed = _apply(request=request, fields=fields)
    if changed:
        request.save()
    if skills is not None and _skills_set(request=request, choices=skills):
        changed.append("skills")
    if changed:
        request.version += 1
        request.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            verb="demand_request.updated",
            target=request,
            data={"fields": sorted(changed)},
        )
    return request


@transaction.atomic
def request_move(
    *, request: DemandRequest, actor: User, to: str, outcome: str = "", note: str = ""
) -> DemandRequest:
    """Move a request: operators take it up (being addressed) or give it back (open); the
    employer or an operator closes it with an outcome; operators reopen a closed one."""
    request = DemandRequest.objects.select_for_update().get(pk=request.pk)
    if to not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if to not in allowed_moves(user=actor, request=request):
        if to in allowed_moves(user=actor, request=request, ignore_rights=True):
            raise PermissionDenied
        raise ValidationError(
            {
                "status": _("A request that is %(current)s cannot become %(target)s.")
                % {"current": request.get_status_display(), "target": Status(to).label}
            }
        )
    before = request.status
    if to == Status.CLOSED:
        if outcome not in DemandRequest.Outcome.values:
            raise ValidationError({"outcome": _("Say how the request ended.")})
        request.outcome, request.outcome_note, request.closed_at = outcome, note, timezone.now()
    else:
        request.outcome, request.outcome_note, request.closed_at = "", "", None
    request.status = to
    request.full_clean(exclude=["organization", "author"])
    request.save()
    audit_record(
        actor=actor,
        verb="demand_request.status",
        target=request,
        data={"from": before, "to": to, "outcome": outcome, "note": note[:500]},
    )
    return request
