"""The projects pages: the list with filters, a project's page (participants, milestone
timeline, deliverables, budget, history) with its forms, and starting one from a proposal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.projects import forms, selectors, services
from edcluster.projects.models import Project


def project_list(request: HttpRequest) -> HttpResponse:
    """The projects the reader may see, filtered by words, kind, status, own organizations."""
    form = forms.FilterForm(request.GET or None)
    found = selectors.project_list(viewer=request.user, **form.filters())
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "projects/list.html" + ("#results" if request.htmx else "")
    context = {
        "form": form,
        "page": page,
        "can_create": selectors.lead_candidates(user=request.user).exists(),
        "proposals": selectors.proposals_awaiting_project(viewer=request.user)[:20],
    }
    return TemplateResponse(request, template, context)


def _line_forms(request, project: Project, bound: dict | None = None) -> dict:
    participants = selectors.editable_participants(user=request.user, project=project)
    if not participants:
        return {}
    lead = selectors.can_edit_project(user=request.user, project=project)
    made: dict[str, forms.forms.BaseForm] = {
        "deliverable": forms.DeliverableForm(project=project, participants=participants),
        "budget": forms.BudgetLineForm(participants=participants),
    }
    if lead:
        made["participant"] = forms.ParticipantForm(
            organizations=selectors.participant_candidates()
        )
        made["milestone"] = forms.MilestoneForm()
        moves = selectors.allowed_moves(user=request.user, project=project)
        if moves:
            made["status"] = forms.StatusForm(moves=moves, initial={"on": timezone.localdate()})
    return made | (bound or {})


def project_page(request, project: Project, *, bound: dict | None = None, status: int = 200):
    milestones = selectors.project_milestones(project)
    lines = list(selectors.project_budget(project))
    editable = selectors.editable_participants(user=request.user, project=project)
    context = {
        "project": project,
        "participants": list(project.participants.all()),
        "milestones": milestones,
        "today": timezone.localdate(),
        "lines": lines,
        "totals": selectors.budget_totals(lines),
        "history": selectors.project_history(project),
        "can_edit": selectors.can_edit_project(user=request.user, project=project),
        "editable_ids": {p.pk for p in editable},
        "line_forms": _line_forms(request, project, bound),
        "programme": project.programme if project_has(project, "programme") else None,
        "laboratory": project.laboratory if project_has(project, "laboratory") else None,
    }
    if project_has(project, "programme"):
        context["pattern"] = services.programme_pattern(project.programme)
        context["agreement"] = selectors.programme_agreement(project.programme)
    return TemplateResponse(request, "projects/project.html", context, status=status)


def project_has(project: Project, name: str) -> bool:
    try:
        getattr(project, name)
    except Project._meta.get_field(name).related_model.DoesNotExist:  # type: ignore[union-attr]
        return False
    return True


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.access_project(user=request.user, project_id=project_id)
    return project_page(request, project)


@login_required
def project_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    leads = selectors.lead_candidates(user=request.user)
    if not leads.exists():
        raise PermissionDenied
    form = forms.NewProjectForm(request.POST or None, leads=leads)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.project_create(
                    lead=form.cleaned_data["lead"],
                    actor=request.user,
                    fields=form.fields_for_service(),
                    priority_areas=form.cleaned_data["priority_areas"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project was created."))
                return redirect("projects:project", project_id=project.pk)
        status = 400
    return TemplateResponse(request, "projects/form.html", {"form": form}, status=status)


@login_required
def project_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    form = forms.ProjectForm(request.POST or None, instance=project)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.project_update(
                    project=project,
                    actor=request.user,
                    fields=form.fields_for_service(),
                    priority_areas=list(form.cleaned_data["priority_areas"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project was saved."))
                return redirect("projects:project", project_id=project.pk)
        status = 400
        project.refresh_from_db()
    context = {"form": form, "project": project}
    return TemplateResponse(request, "projects/form.html", context, status=status)


@login_required
@require_POST
def project_status(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    moves = selectors.allowed_moves(user=request.user, project=project)
    form = forms.StatusForm(request.POST, moves=moves)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.project_move(
                project=project,
                actor=request.user,
                to=data["status"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project's status was changed."))
            return redirect("projects:project", project_id=project.pk)
    return project_page(request, project, bound={"status": form}, status=400)


@login_required
def project_from_proposal(request: AuthenticatedHttpRequest, proposal_id: int) -> HttpResponse:
    """Start a project on an accepted proposal: its product's owners take part, its draft
    product is the first deliverable."""
    proposal = selectors.access_proposal_to_start(user=request.user, proposal_id=proposal_id)
    today = timezone.localdate()
    initial = {"starts_on": today, "ends_on": today.replace(year=today.year + 1)}
    form = forms.StartForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.project_start_from_proposal(
                    proposal=proposal, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project was started."))
                return redirect("projects:project", project_id=project.pk)
        status = 400
    context = {"form": form, "proposal": proposal}
    return TemplateResponse(request, "projects/start.html", context, status=status)
