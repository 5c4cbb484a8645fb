"""The mobility dashboard (issue 20): operators see the whole cluster, a hosting member's staff
its own cases; anyone else 404. Funnel, flows by citizenship (table and map), member, category
and academic year, days per stage, quotas; each table as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.tables import table_response
from edcluster.mobility.forms import FLOW_FIGURES
from edcluster.mobility.forms_dashboard import DashboardFilterForm
from edcluster.mobility.selectors.dashboard import Dashboard, Filters, dashboard, dashboard_hosts

FILE_NAME = pgettext_lazy("file name", "mobility-dashboard")
TABLES = ("funnel", "outcomes", "citizenships", "members", "categories", "years", "days", "quotas")


def _flow_rows(rows, first: str) -> tuple[list[str], list[list]]:
    header = [first, *[str(label) for label in FLOW_FIGURES.values()]]
    return header, [[row.label, row.applications, row.accepted, row.arrived] for row in rows]


def table_of(board: Dashboard, name: str) -> tuple[list[str], list[list]]:
    """One of the dashboard's tables as a header and rows (numbers stay numbers)."""
    if name == "funnel":
        # xgettext:no-python-format
        of_submitted = _("% of submitted")
        # xgettext:no-python-format
        of_previous = _("% of the stage before")
        header = [_("Stage"), _("Cases"), of_submitted, of_previous]
        return header, [[r.label, r.reached, r.of_submitted, r.of_previous] for r in board.funnel]
    if name == "outcomes":
        return [_("Outcome"), _("Cases")], [
            [str(OUTCOME_LABELS[key]), n] for key, n in board.outcomes.items()
        ]
    if name == "citizenships":
        header, rows = _flow_rows(board.citizenships, _("Citizenship"))
        return [*header, _("ISO code")], [
            [*row, flow.key] for row, flow in zip(rows, board.citizenships, strict=True)
        ]
    if name in ("members", "categories", "years"):
        first = {"members": _("Member"), "categories": _("Category"), "years": _("Academic year")}
        return _flow_rows(getattr(board, name), first[name])
    if name == "days":
        header = [_("Stage"), _("Moves"), _("Median, days"), _("90th percentile, days")]
        return header, [[r.label, r.moves, r.median, r.p90] for r in board.days]
    header = [
        _("Agreement"),
        _("Partner"),
        _("Member"),
        _("Mobility"),
        _("Academic year"),
        _("Quota"),
        _("Used"),
        _("Remaining"),
    ]
    return header, [
        [q.agreement, q.partner, q.host, q.kind, q.year, q.quota, q.used, q.remaining]
        for q in board.quotas
    ]


OUTCOME_LABELS = {
    "accepted": pgettext_lazy("decision", "accepted"),
    "waitlisted": pgettext_lazy("decision", "waitlisted"),
    "rejected": pgettext_lazy("decision", "rejected"),
    "withdrawn": pgettext_lazy("outcome", "withdrawn"),
    "cancelled": pgettext_lazy("outcome", "cancelled"),
}


def _map(board: Dashboard, figure: str) -> dict:
    """What static/js/choropleth.js draws (as the flows page): one value per citizenship by
    its ISO numeric code."""
    rows = [
        {
            "id": countries.numeric(row.key, padded=True),
            "name": row.label,
            "value": getattr(row, figure),
        }
        for row in board.citizenships
        if getattr(row, figure) and countries.numeric(row.key)
    ]
    return {"label": str(FLOW_FIGURES[figure]), "rows": rows}


def _charts(board: Dashboard, figure: str) -> dict:
    return {
        "funnel": {
            "labels": [row.label for row in board.funnel],
            "values": [row.reached for row in board.funnel],
        },
        "days": {
            "labels": [row.label for row in board.days],
            "values": [row.median for row in board.days],
        },
        "map": _map(board, figure),
    }


@login_required
def dashboard_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard for the filters; bad filters: the form again with its errors (400) over
    the unfiltered figures."""
    hosts = dashboard_hosts(viewer=request.user)
    form = DashboardFilterForm(request.GET or None, hosts=hosts)
    valid = form.is_valid() if form.is_bound else True
    board = dashboard(filters=form.filters() if form.is_bound and valid else Filters(hosts=hosts))
    chosen = form.cleaned_data.get("citizenship") if valid and form.is_bound else ""
    form.offer_citizenships(
        [(row.key, row.label) for row in board.citizenships]
        or ([(chosen, str(dict(countries)[chosen]))] if chosen else [])
    )
    figure = request.GET.get("figure", "")
    figure = figure if figure in FLOW_FIGURES else "applications"
    query = request.GET.copy()
    query.pop("figure", None)
    context = {
        "form": form,
        "board": board,
        "operator": hosts is None,
        "figures": FLOW_FIGURES,
        "figure": figure,
        "charts": _charts(board, figure),
        "outcomes": [(OUTCOME_LABELS[key], n) for key, n in board.outcomes.items()],
        "breakdowns": [
            ("members", _("By member"), _("Member"), board.members),
            ("categories", _("By category"), _("Category"), board.categories),
            ("years", _("By academic year"), _("Academic year"), board.years),
        ],
        "topojson": static("vendor/world-atlas/countries-110m.json"),
        "query": query.urlencode(),
    }
    return TemplateResponse(
        request, "mobility/dashboard.html", context, status=200 if valid else 400
    )


@login_required
def dashboard_export(request: AuthenticatedHttpRequest, table: str, format: str) -> HttpResponse:
    """One of the dashboard's tables as CSV or XLSX for the same filters (400 naming the bad
    filter)."""
    if table not in TABLES or format not in ("csv", "xlsx"):
        raise Http404
    hosts = dashboard_hosts(viewer=request.user)
    form = DashboardFilterForm(request.GET, hosts=hosts)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        return HttpResponse(f"{name}: {errors[0]}", status=400, content_type="text/plain")
    board = dashboard(filters=form.filters())
    header, rows = table_of(board, table)
    suffix = [board.filters.year.replace("/", "-")] if board.filters.year else []
    return table_response("-".join([str(FILE_NAME), table, *suffix]), header, rows, format)
