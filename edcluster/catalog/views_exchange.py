"""Pages for exporting the catalog and importing files into it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog import imports
from edcluster.catalog.exports import FORMATS, export_response
from edcluster.catalog.forms import CatalogFilterForm, ImportForm
from edcluster.catalog.selectors import export_ids, import_runs, owner_candidates
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest


def export(request: HttpRequest, format: str) -> HttpResponse | StreamingHttpResponse:
    """The catalog as the page shows it (same words and filters), as a file."""
    if format not in FORMATS:
        return HttpResponse(status=404)
    ids = export_ids(viewer=request.user, ask=CatalogFilterForm(request.GET or None).filters())
    return export_response(ids, format=format)


@login_required
def import_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file; it is checked in the background and shown as a preview."""
    operator = request.user.is_operator
    organizations = owner_candidates(user=request.user)
    if not operator and not organizations.exists():
        raise PermissionDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, organizations=organizations, operator=operator
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = imports.import_start(
                actor=request.user,
                data=data["file"].read(),
                file_name=data["file"].name,
                format=data["format"],
                owner=data["owner"],
                encoding=data["encoding"],
                source_system=data["source_system"],
                publish=data.get("publish", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("catalog:import_run", run_id=run.pk)
    context = {"form": form, "runs": import_runs(viewer=request.user)[:20]}
    return TemplateResponse(
        request, "catalog/import.html", context, status=400 if form.errors else 200
    )


@login_required
def import_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """A run's progress (refreshed by htmx until it ends), then its preview or outcome."""
    run = get_object_or_404(import_runs(viewer=request.user), pk=run_id)
    template = "catalog/import_run.html" + ("#progress" if request.htmx else "")
    return TemplateResponse(request, template, {"run": run})


@login_required
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    preview = get_object_or_404(import_runs(viewer=request.user), pk=run_id)
    try:
        run = imports.import_confirm(preview=preview, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("catalog:import_run", run_id=preview.pk)
    return redirect("catalog:import_run", run_id=run.pk)
