import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from edcluster.core.http import AuthenticatedHttpRequest
from edcluster.demand import selectors
from edcluster.demand.forms import IngestForm, PostingFilterForm
from edcluster.demand.ingest import ingest_start
from edcluster.demand.models import IngestRun


@login_required
def postings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The job postings the cluster knows, newest first; results refresh by htmx."""
    form = PostingFilterForm(request.GET or None)
    found = selectors.posting_list(viewer=request.user, **form.filters())
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "demand/postings.html" + ("#results" if request.htmx else "")
    context = {"form": form, "page": page, "sources": selectors.source_counts()}
    return TemplateResponse(request, template, context)


@login_required
def posting_detail(request: AuthenticatedHttpRequest, posting_id: int) -> HttpResponse:
    posting = selectors.access_posting(user=request.user, posting_id=posting_id)
    context = {"posting": posting, "skills": selectors.posting_skills(posting)}
    return TemplateResponse(request, "demand/posting.html", context)


@login_required
def ingest(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file of postings (operators); it is ingested in the background."""
    selectors.require_ingester(user=request.user)
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        folder = Path(settings.DEMAND_UPLOAD_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix[:10]}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        run = ingest_start(
            actor=request.user,
            source=data["source"],
            path=path,
            file_name=upload.name,
            format=data["format"],
            extract=data["extract"],
        )
        if run.status == IngestRun.Status.FAILED:
            form.add_error("file", run.message)
        else:
            from edcluster.demand.tasks import ingest_file

            transaction.on_commit(lambda: ingest_file.enqueue(run_id=run.pk))
            return redirect("demand:run", run_id=run.pk)
    context = {"form": form, "runs": selectors.run_list(viewer=request.user)[:20]}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "demand/ingest.html", context, status=status)


@login_required
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """A run's progress (refreshed by htmx until it ends), then its accounting."""
    run = selectors.access_run(user=request.user, run_id=run_id)
    template = "demand/run.html" + ("#progress" if request.htmx else "")
    return TemplateResponse(request, template, {"run": run})
