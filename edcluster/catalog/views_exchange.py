"""Pages for exporting the catalog and importing files into it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog import imports
from edcluster.catalog.exports import FORMATS, export_response
from edcluster.catalog.forms import CatalogFilterForm, ImportForm
from edcluster.catalog.imports import columns
from edcluster.catalog.imports.files import limit_upload
from edcluster.catalog.selectors import export_ids, import_runs, owner_candidates
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.tables import table_response


def export(request: HttpRequest, format: str) -> HttpResponse | StreamingHttpResponse:
    """The catalog as the page shows it (same words and filters), as a file."""
    if format not in FORMATS:
        return HttpResponse(status=404)
    ids = export_ids(viewer=request.user, ask=CatalogFilterForm(request.GET or None).filters())
    return export_response(ids, format=format)


ERRORS_PER_PAGE = 100  # rejected rows a page of a run shows


@login_required
@csrf_exempt  # checked below, once the upload handlers are set: the check reads the form
def import_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file (read within the size limit as it arrives, to a temporary file); it is
    checked in the background and shown as a preview."""
    upload = limit_upload(request) if request.method == "POST" else None
    return _import_new(request, upload)


@csrf_protect
def _import_new(request: AuthenticatedHttpRequest, upload) -> HttpResponse:
    operator = request.user.is_operator
    organizations = owner_candidates(user=request.user)
    if not operator and not organizations.exists():
        raise PermissionDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, organizations=organizations, operator=operator
    )
    if upload is not None and upload.refused:
        form.is_valid()
        form.errors.pop("file", None)  # not missing: dropped as too large
        add_service_errors(form, upload.error())
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = imports.import_start(
                actor=request.user,
                data=data["file"],
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
    context = {
        "form": form,
        "runs": import_runs(viewer=request.user)[:20],
        "columns": columns.DOCS,
        "templates": [
            (label, reverse("catalog:import_template", args=[format]))
            for format, label in (("csv", "CSV"), ("xlsx", "XLSX"))
        ],
    }
    return TemplateResponse(
        request, "catalog/import.html", context, status=400 if form.errors else 200
    )


def import_template(request: HttpRequest, format: str) -> HttpResponse:
    """The import layout's header row and one example row, as CSV (with a BOM) or XLSX; the
    example is owned by the reader's first organization, when they have one."""
    if format not in ("csv", "xlsx"):
        raise Http404
    candidate = owner_candidates(user=request.user).order_by("slug").first()
    header, rows = columns.template_rows(owner=candidate.slug if candidate else "")
    return table_response(gettext("catalog-import-template"), header, rows, format)


@login_required
def import_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """A run's progress (refreshed by htmx until it ends), then its preview or outcome."""
    run = get_object_or_404(import_runs(viewer=request.user), pk=run_id)
    template = "catalog/import_run.html" + ("#progress" if request.htmx else "")
    errors = Paginator(run.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    resumable = run.status == run.Status.INTERRUPTED and imports.resumable(run)
    return TemplateResponse(
        request, template, {"run": run, "errors": errors, "resumable": resumable}
    )


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


@login_required
@require_POST
def import_resume(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Go on with an interrupted import (its owner, or an operator)."""
    run = get_object_or_404(import_runs(viewer=request.user), pk=run_id)
    try:
        imports.import_resume(run=run, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("catalog:import_run", run_id=run.pk)


@login_required
@require_POST
def import_retry(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """Preview a run's file again in the encoding it looks like."""
    run = get_object_or_404(import_runs(viewer=request.user), pk=run_id)
    if not run.encoding_guess:
        return redirect("catalog:import_run", run_id=run.pk)
    try:
        again = imports.import_retry(run=run, actor=request.user, encoding=run.encoding_guess)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("catalog:import_run", run_id=run.pk)
    return redirect("catalog:import_run", run_id=again.pk)
