import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from edcluster.core.http import AuthenticatedHttpRequest
from edcluster.core.tables import table_response
from edcluster.demand import analytics, selectors
from edcluster.demand.forms import AnalyticsForm, IngestForm, PostingFilterForm
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


@login_required
def analytics_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Demand by skill, occupation, region and month, with charts and drill-down links."""
    selectors.require_demand_reader(user=request.user)
    form = AnalyticsForm(request.GET or None, regions=analytics.regions())
    ask = form.ask()
    period = analytics.period_of(ask["start"], ask["end"])
    region = ask["region"]
    skills = analytics.top_skills(region=region, period=period, limit=20)
    focus = ask["skill"] or (skills[0]["id"] if skills else None)
    monthly = analytics.monthly_postings(region=region, period=period)
    trend = analytics.skill_trend(skill_id=focus, region=region, period=period) if focus else []
    focus_name = next((s for s in skills if s["id"] == focus), None)
    charts = {
        "monthly": {"labels": [m["month"].strftime("%Y-%m") for m in monthly],
                    "values": [m["postings"] for m in monthly]},
        "skills": {"labels": [s["label_ru"] or s["label"] for s in skills],
                   "values": [s["postings"] for s in skills]},
        "trend": {"labels": [m["month"].strftime("%Y-%m") for m in trend],
                  "values": [m["postings"] for m in trend]},
    }  # fmt: skip
    query = {"region": region, "start": period.start.strftime("%Y-%m"),
             "end": period.end.strftime("%Y-%m")}  # fmt: skip
    context = {
        "form": form, "period": period, "region": region, "skills": skills,
        "occupations": analytics.top_occupations(region=region, period=period, limit=15),
        "rising": analytics.rising_skills(region=region, period=period, limit=15),
        "groups": analytics.skill_groups(region=region, period=period),
        "charts": charts, "focus": focus_name, "query": urlencode(query),
        "reports": analytics.REPORTS,
    }  # fmt: skip
    return TemplateResponse(request, "demand/analytics.html", context)


@login_required
def analytics_export(request: AuthenticatedHttpRequest, report: str, format: str) -> HttpResponse:
    selectors.require_demand_reader(user=request.user)
    if report not in analytics.REPORTS or format not in ("csv", "xlsx"):
        raise Http404
    form = AnalyticsForm(request.GET or None, regions=analytics.regions())
    ask = form.ask()
    period = analytics.period_of(ask["start"], ask["end"])
    header, rows = analytics.report_table(report, region=ask["region"], period=period)
    name = f"demand-{report}-{period.start:%Y-%m}-{period.end:%Y-%m}"
    return table_response(name, header, rows, format)
