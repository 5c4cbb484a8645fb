"""The host's international office: the queue by stage, checking documents; the operators'
flows by country."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.mobility import forms, selectors, services
from edcluster.mobility.models import Stage
from edcluster.mobility.views import case_page


@login_required
def cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue: counts by stage, and the cases of the chosen stage (htmx: the list only)."""
    queue = selectors.case_queue(viewer=request.user)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    found = selectors.application_list(viewer=request.user, stage=stage).exclude(
        applicant_id=request.user.pk
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    template = "mobility/cases.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, {"queue": queue, "stage": stage, "page": page})


@login_required
@require_POST
def document_check(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    application = selectors.access_application(
        user=request.user, application_id=application_id, for_write=True
    )
    document = selectors.access_document(
        user=request.user, application_id=application.pk, document_id=document_id
    )
    form = forms.CheckForm(request.POST)
    if form.is_valid():
        try:
            services.document_check(
                document=document,
                actor=request.user,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("mobility:application", application.pk)
    return case_page(request, application, bound={"check": form}, status=400)


@login_required
def flows(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Applications, acceptances and arrivals by citizenship (operators)."""
    rows = selectors.flows_by_country(viewer=request.user)
    return TemplateResponse(request, "mobility/flows.html", {"rows": rows})
