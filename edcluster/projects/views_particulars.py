"""The pages that record a joint programme's particulars (scheme, years and diploma per
participant, products, languages, intake) and a laboratory's (host, place, research areas,
opening, yearly outputs): the lead's editors and operators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.projects import forms, selectors, services
from edcluster.projects.models import JointProgramme, Laboratory
from edcluster.projects.services.programmes import LABORATORY_KINDS, PROGRAMME_KINDS


def _programme_initial(project) -> dict:
    programme = JointProgramme.objects.filter(project=project).first()
    if programme is None:
        return {}
    initial: dict = {
        "scheme": programme.scheme,
        "languages": ", ".join(programme.languages),
        "intake_per_year": programme.intake_per_year,
        "products": list(programme.products.all()),
        "agreement": programme.agreement_id,
    }
    for track in programme.tracks.all():
        initial[f"years_{track.participant_id}"] = track.years
        initial[f"diploma_ru_{track.participant_id}"] = track.diploma_ru
        initial[f"diploma_en_{track.participant_id}"] = track.diploma_en
    return initial


@login_required
def programme_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    if project.kind not in PROGRAMME_KINDS:
        raise Http404
    form = forms.ProgrammeForm(
        request.POST or None,
        project=project,
        user=request.user,
        initial=_programme_initial(project),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.programme_set(
                    project=project,
                    actor=request.user,
                    scheme=data["scheme"],
                    languages=data["languages"].split(","),
                    intake_per_year=data["intake_per_year"],
                    products=list(data["products"]),
                    tracks=form.tracks(),
                    agreement=data["agreement"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The programme was saved."))
                return redirect("projects:project", project_id=project.pk)
        status = 400
    context = {"form": form, "project": project, "heading": _("Joint programme")}
    return TemplateResponse(request, "projects/particulars.html", context, status=status)


@login_required
def laboratory_edit(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    if project.kind not in LABORATORY_KINDS:
        raise Http404
    laboratory = Laboratory.objects.filter(project=project).first()
    form = forms.LaboratoryForm(request.POST or None, instance=laboratory, project=project)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.laboratory_set(
                    project=project, actor=request.user, fields=dict(form.cleaned_data)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The laboratory was saved."))
                return redirect("projects:project", project_id=project.pk)
        status = 400
    context = {
        "form": form,
        "project": project,
        "heading": _("Laboratory or centre"),
        "output_form": forms.OutputForm() if laboratory else None,
    }
    return TemplateResponse(request, "projects/particulars.html", context, status=status)


@login_required
@require_POST
def laboratory_output(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """A laboratory's figures of a year (replacing that year's)."""
    project = selectors.access_project(user=request.user, project_id=project_id, for_write=True)
    laboratory = Laboratory.objects.filter(project=project).first()
    if laboratory is None:
        raise Http404
    form = forms.OutputForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.laboratory_output_set(
                laboratory=laboratory, year=data.pop("year"), actor=request.user, fields=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:project", project_id=project.pk)
    context = {
        "form": forms.LaboratoryForm(instance=laboratory, project=project),
        "project": project,
        "heading": _("Laboratory or centre"),
        "output_form": form,
    }
    return TemplateResponse(request, "projects/particulars.html", context, status=400)
