"""Adding and removing a project's lines from its page: participants and milestones (the
lead's editors), deliverables and budget lines (each participant's editors for their own)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.projects import forms, selectors, services
from edcluster.projects.models import Project
from edcluster.projects.views import project_page

KINDS = ("participant", "milestone", "deliverable", "budget")


def _form(kind: str, request, project: Project):
    participants = selectors.editable_participants(user=request.user, project=project)
    if kind == "participant":
        return forms.ParticipantForm(request.POST, organizations=selectors.participant_candidates())
    if kind == "milestone":
        return forms.MilestoneForm(request.POST)
    if kind == "deliverable":
        return forms.DeliverableForm(request.POST, project=project, participants=participants)
    return forms.BudgetLineForm(request.POST, participants=participants)


def _save(kind: str, request, project: Project, data: dict) -> None:
    actor = request.user
    if kind == "participant":
        organization = data.pop("organization")
        services.participant_add(
            project=project, organization=organization, actor=actor, fields=data
        )
    elif kind == "milestone":
        services.milestone_add(project=project, actor=actor, fields=data)
    else:
        participant = data.pop("participant")
        participant.project = project
        add = services.deliverable_add if kind == "deliverable" else services.budget_line_add
        add(project=project, participant=participant, actor=actor, fields=data)


@login_required
@require_POST
def line_add(request: AuthenticatedHttpRequest, project_id: int, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    if kind in ("participant", "milestone"):
        project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    else:
        project = selectors.access_project_lines(user=request.user, project_id=project_id)
    form = _form(kind, request, project)
    if form.is_valid():
        try:
            _save(kind, request, project, dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:project", project_id=project.pk)
    return project_page(request, project, bound={kind: form}, status=400)


@login_required
@require_POST
def line_remove(
    request: AuthenticatedHttpRequest, project_id: int, kind: str, line_id: int
) -> HttpResponse:
    user = request.user
    line: object
    if kind == "participant":
        selectors.access_project(user=user, project_id=project_id, for_write=True)
        line = selectors.access_participant(
            user=user, project_id=project_id, participant_id=line_id
        )
    elif kind == "milestone":
        line = selectors.access_milestone(
            user=user, project_id=project_id, milestone_id=line_id, for_write=True
        )
    elif kind == "deliverable":
        line = selectors.access_deliverable(
            user=user, project_id=project_id, deliverable_id=line_id, for_write=True
        )
    elif kind == "budget":
        line = selectors.access_budget_line(
            user=user, project_id=project_id, line_id=line_id, for_write=True
        )
    else:
        raise Http404
    try:
        REMOVERS[kind](line, user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("projects:project", project_id=project_id)


REMOVERS: dict[str, Callable[[Any, Any], None]] = {
    "participant": lambda line, user: services.participant_remove(participant=line, actor=user),
    "milestone": lambda line, user: services.milestone_remove(milestone=line, actor=user),
    "deliverable": lambda line, user: services.deliverable_remove(deliverable=line, actor=user),
    "budget": lambda line, user: services.budget_line_remove(line=line, actor=user),
}


@login_required
@require_POST
def line_done(
    request: AuthenticatedHttpRequest, project_id: int, kind: str, line_id: int
) -> HttpResponse:
    """Mark a milestone (the lead's editors) or a report, event or publication (its
    participant's editors) done today; a product is done when the catalog says so."""
    user, today = request.user, timezone.localdate()
    try:
        if kind == "milestone":
            milestone = selectors.access_milestone(
                user=user, project_id=project_id, milestone_id=line_id, for_write=True
            )
            services.milestone_update(milestone=milestone, actor=user, fields={"done_on": today})
        elif kind == "deliverable":
            deliverable = selectors.access_deliverable(
                user=user, project_id=project_id, deliverable_id=line_id, for_write=True
            )
            services.deliverable_update(
                deliverable=deliverable, actor=user, fields={"done_on": today}
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("projects:project", project_id=project_id)
