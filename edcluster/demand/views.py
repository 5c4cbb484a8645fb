from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.concurrency import EditConflict
from edcluster.core.dates import covered_until, in_progress, month_label
from edcluster.core.forms import add_service_errors
from edcluster.core.models import in_language
from edcluster.core.tables import table_response
from edcluster.demand import selectors, services
from edcluster.demand.forms import (
    INGEST_COLUMNS,
    AnalyticsForm,
    IngestForm,
    PostingFilterForm,
    RequestFilterForm,
    RequestForm,
    RequestStatusForm,
    SkillRow,
)
from edcluster.demand.ingest import ingest_upload
from edcluster.demand.models import DemandRequest, IngestRun, RequestSkill
from edcluster.demand.selectors import analytics
from edcluster.demand.selectors.priorities import priority_demand
from edcluster.organizations.models import PriorityArea

# The reports a page offers for download, named for people.
REPORT_LABELS = {
    "top-skills": pgettext_lazy("report", "the most demanded skills"),
    "top-occupations": pgettext_lazy("report", "the most demanded occupations"),
    "rising": pgettext_lazy("report", "rising skills"),
    "groups": pgettext_lazy("report", "skill groups"),
    "priority-areas": pgettext_lazy("report", "priority areas"),
    "monthly": pgettext_lazy("report", "postings by month"),
}
# Downloads are named in the page's language (a Russian reader's spreadsheet shows Russian names).
REPORT_FILE_NAMES = {
    "top-skills": pgettext_lazy("file name", "demand-top-skills"),
    "top-occupations": pgettext_lazy("file name", "demand-top-occupations"),
    "rising": pgettext_lazy("file name", "demand-rising-skills"),
    "groups": pgettext_lazy("file name", "demand-skill-groups"),
    "priority-areas": pgettext_lazy("file name", "demand-priority-areas"),
    "monthly": pgettext_lazy("file name", "demand-by-month"),
}


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
        run = ingest_upload(
            actor=request.user,
            upload=data["file"],
            source=data["source"],
            format=data["format"],
            extract=data["extract"],
        )
        if run.status == IngestRun.Status.FAILED:
            form.add_error("file", run.message)
        else:
            return redirect("demand:run", run_id=run.pk)
    context = {
        "form": form,
        "runs": selectors.run_list(viewer=request.user)[:20],
        "columns": INGEST_COLUMNS,
    }
    status = 400 if form.errors else 200
    return TemplateResponse(request, "demand/ingest.html", context, status=status)


@login_required
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """A run's progress (refreshed by htmx until it ends), then its accounting."""
    run = selectors.access_run(user=request.user, run_id=run_id)
    template = "demand/run.html" + ("#progress" if request.htmx else "")
    return TemplateResponse(request, template, {"run": run})


def _months_chart(months: list[dict], *, until) -> dict:
    """A chart of postings by month: «март 2026» labels, and a month whose postings are not all
    in yet marked (`partial`: not over, or the data stops before its end, `until`), so its low
    count does not read as a collapse."""
    return {
        "labels": [month_label(m["month"]) for m in months],
        "values": [m["postings"] for m in months],
        "partial": [in_progress(m["month"], until=until) for m in months],
    }


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
    until = analytics.postings_until()
    trend = analytics.skill_trend(skill_id=focus, region=region, period=period) if focus else []
    focus_name = next((s for s in skills if s["id"] == focus), None)
    charts = {
        "monthly": _months_chart(monthly, until=until),
        "skills": {
            "labels": [in_language(s["label_ru"], s["label"]) for s in skills],
            "values": [s["postings"] for s in skills],
        },
        "trend": _months_chart(trend, until=until),
    }
    areas = priority_demand(region=region, period=period)
    recent = [area for area in areas if area["list"] == PriorityArea.List.DECREE_529_2024]
    charts["areas"] = {
        "labels": [in_language(a["name_ru"], a["name_en"]) for a in recent],
        "values": [a["postings"] for a in recent],
    }
    query = {
        "region": region,
        "start": period.start.strftime("%Y-%m"),
        "end": period.end.strftime("%Y-%m"),
    }
    context = {
        "form": form,
        "period": period,
        "region": region,
        "skills": skills,
        "occupations": analytics.top_occupations(region=region, period=period, limit=15),
        "rising": analytics.rising_skills(region=region, period=period, limit=15),
        "groups": analytics.skill_groups(region=region, period=period),
        "areas": areas,
        "charts": charts,
        "focus": focus_name,
        "partial_month": next(
            (m["month"] for m in monthly if in_progress(m["month"], until=until)), None
        ),
        "covered_until": covered_until(until=until),
        "query": urlencode(query),
        "reports": [(report, REPORT_LABELS[report]) for report in analytics.REPORTS],
        "processing": _processing(),
    }
    return TemplateResponse(request, "demand/analytics.html", context)


def _processing() -> list[dict]:
    """The postings still waiting for extraction, for core/processing.html."""
    backlog = selectors.extraction_backlog()
    if backlog is None:
        return []
    what = _("job postings with their skills extracted")
    return [{"what": what, "done": backlog.done, "total": backlog.total}]


@login_required
def analytics_export(request: AuthenticatedHttpRequest, report: str, format: str) -> HttpResponse:
    selectors.require_demand_reader(user=request.user)
    if report not in analytics.REPORTS or format not in ("csv", "xlsx"):
        raise Http404
    form = AnalyticsForm(request.GET or None, regions=analytics.regions())
    ask = form.ask()
    period = analytics.period_of(ask["start"], ask["end"])
    header, rows = analytics.report_table(report, region=ask["region"], period=period)
    name = f"{REPORT_FILE_NAMES[report]}-{period.start:%Y-%m}-{period.end:%Y-%m}"
    return table_response(name, header, rows, format)


# Employers' requests ----------------------------------------------------------------------


@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requests the user may see: the open ones of the cluster and their organization's."""
    form = RequestFilterForm(request.GET or None)
    found = selectors.request_list(viewer=request.user, **form.filters())
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "demand/requests.html" + ("#results" if request.htmx else "")
    can_create = selectors.requester_candidates(user=request.user).exists()
    context = {
        "form": form,
        "page": page,
        "can_create": can_create,
        # A member not admitted yet sees its own requests, not the market's postings.
        "can_read_postings": selectors.can_read_demand(user=request.user),
    }
    return TemplateResponse(request, template, context)


def _suggestions(form: RequestForm) -> list[SkillRow]:
    text = f"{form.data.get('title', '')}.\n{form.data.get('description', '')}"
    return [
        SkillRow(
            skill=choice.skill, origin=choice.origin, score=choice.score, evidence=choice.evidence
        )
        for choice in selectors.skills_suggest(text)
    ]


def _choices(form: RequestForm) -> list[selectors.SkillChoice]:
    """The ticked skills, marked as the extractor's (with its evidence) where it suggests them."""
    suggested = {row.skill.pk: row for row in _suggestions(form)}
    choices = []
    for skill, importance in form.picked():
        row = suggested.get(skill.pk)
        choices.append(
            selectors.SkillChoice(
                skill=skill,
                importance=importance,
                origin=row.origin if row else RequestSkill.Origin.EMPLOYER,
                score=row.score if row else None,
                evidence=row.evidence if row else "",
            )
        )
    return choices


def _request_form(request, form: RequestForm, demand: DemandRequest | None = None):
    """Suggest skills (the "suggest" button, also by htmx) or save; returns the form page
    (400 with the messages when refused) or None when saved."""
    if request.POST.get("action") == "suggest":
        form.offer(_suggestions(form))
        if not form.rows:
            messages.info(request, _("No skill was recognised in the title and description."))
        return None, 200
    if not form.is_valid():
        return None, 400
    choices = _choices(form)
    if not choices:
        form.add_error(
            None,
            _("Choose at least one skill: suggest them from the description or add them by name."),
        )
        return None, 400
    try:
        if demand is None:
            saved = services.request_create(
                organization=form.cleaned_data["organization"],
                actor=request.user,
                fields=form.request_fields(),
                skills=choices,
            )
        else:
            saved = services.request_update(
                request=demand,
                actor=request.user,
                fields=form.request_fields(),
                skills=choices,
                expected_version=form.cleaned_data.get("version"),
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return None, 409 if isinstance(error, EditConflict) else 400
    return saved, 200


@login_required
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An employer states what specialists it needs."""
    candidates = selectors.require_requester(user=request.user)
    form = RequestForm(request.POST or None, organizations=candidates)
    status = 200
    if request.method == "POST":
        saved, status = _request_form(request, form)
        if saved:
            messages.success(request, _("The request was stated."))
            return redirect("demand:request", request_id=saved.pk)
    context = {"form": form, "demand": None}
    return TemplateResponse(request, "demand/request_form.html", context, status=status)


@login_required
def request_edit(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    demand = selectors.access_request(user=request.user, request_id=request_id, for_write=True)
    if demand.is_closed:
        messages.error(
            request, _("A closed request cannot be changed; it has to be reopened first.")
        )
        return redirect("demand:request", request_id=demand.pk)
    form = RequestForm(request.POST or None, instance=demand)
    status = 200
    if request.method == "POST":
        saved, status = _request_form(request, form, demand)
        if saved:
            messages.success(request, _("The request was saved."))
            return redirect("demand:request", request_id=saved.pk)
    context = {"form": form, "demand": demand}
    return TemplateResponse(request, "demand/request_form.html", context, status=status)


def _history(demand: DemandRequest) -> list[dict]:
    """The request's audit entries, statuses and outcomes named in the reader's language."""
    statuses = dict(DemandRequest.Status.choices)
    outcomes = dict(DemandRequest.Outcome.choices)
    return [
        {
            "entry": entry,
            "from": statuses.get(entry.data.get("from"), ""),
            "to": statuses.get(entry.data.get("to"), ""),
            "outcome": outcomes.get(entry.data.get("outcome"), ""),
        }
        for entry in selectors.request_history(demand)
    ]


def request_page(request, demand: DemandRequest, *, status: int = 200) -> HttpResponse:
    """The request's page, with the sections other apps register for it (registered as the
    page of "demand.request": their views show it again with their bound forms)."""
    return _request_page(request, demand, status=status)


def _request_page(request, demand: DemandRequest, status_form=None, status: int = 200):
    """The request's page; `status_form` carries the bound status form with its errors."""
    moves = selectors.allowed_moves(user=request.user, request=demand)
    context = {
        "demand": demand,
        "skills": selectors.request_skills(demand),
        "history": _history(demand),
        "can_edit": selectors.can_edit_request(user=request.user, request=demand),
        "status_form": status_form or (RequestStatusForm(moves=moves) if moves else None),
    }
    return TemplateResponse(request, "demand/request.html", context, status=status)


@login_required
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    demand = selectors.access_request(user=request.user, request_id=request_id)
    return _request_page(request, demand)


@login_required
@require_POST
def request_status(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """Take a request up, give it back, close it with its outcome, or reopen it."""
    demand = selectors.access_request(user=request.user, request_id=request_id, for_move=True)
    moves = selectors.allowed_moves(user=request.user, request=demand)
    form = RequestStatusForm(request.POST, moves=moves)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.request_move(
                request=demand,
                actor=request.user,
                to=data["status"],
                outcome=data["outcome"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request is now %(status)s.")
                % {"status": DemandRequest.Status(data["status"]).label},
            )
            return redirect("demand:request", request_id=demand.pk)
    return _request_page(request, demand, status_form=form, status=400)
