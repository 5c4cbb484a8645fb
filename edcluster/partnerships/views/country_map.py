"""The partners map: a choropleth of the figures per country, the same figures as a table (the
page's truth without JavaScript) and as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.tables import table_response
from edcluster.partnerships.forms import MapFilterForm
from edcluster.partnerships.selectors import country_map

FILE_NAME = pgettext_lazy("file name", "partner-countries")
DEFAULT_FIGURE = "agreements"


def _figures(request) -> tuple[MapFilterForm, country_map.CountryMap]:
    data = request.GET.copy()
    data.setdefault("figure", DEFAULT_FIGURE)  # the select shows what the map shows
    form = MapFilterForm(data, figures=country_map.columns())
    found = country_map.country_map(viewer=request.user, filters=form.filters())
    return form, found


def _chart(found: country_map.CountryMap, figure: str) -> dict:
    """What static/js/choropleth.js draws: one value per country, keyed by its numeric code (a
    country with none of the figure shown is left uncoloured, as one with no figure at all)."""
    label = next(str(column.label) for column in found.columns if column.key == figure)
    rows = [
        {"id": row.numeric, "name": row.name, "value": row.values[figure]}
        for row in found.rows
        if row.numeric and row.values[figure]
    ]
    return {"label": label, "rows": rows}


@login_required
def partner_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, found = _figures(request)
    keys = [column.key for column in found.columns]
    asked = request.GET.get("figure", "")
    figure = asked if asked in keys else DEFAULT_FIGURE
    context = {
        "form": form,
        "map": found,
        "figure": figure,
        "chart": _chart(found, figure),
        "notes": country_map.notes(),
        "topojson": static("vendor/world-atlas/countries-110m.json"),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "partnerships/map.html", context)


@login_required
def partner_map_export(request: AuthenticatedHttpRequest, format: str) -> HttpResponse:
    if format not in ("csv", "xlsx"):
        raise Http404
    form, found = _figures(request)
    header = [_("Country"), _("ISO code"), _("Region")]
    header += [str(column.label) for column in found.columns]
    rows = [[row.name, row.country, row.group_label, *row.values.values()] for row in found.rows]
    rows.append([_("Total"), "", "", *found.totals.values()])
    filters = form.filters()
    name = str(FILE_NAME) + (f"-{filters.year}" if filters.year else "")
    return table_response(name, header, rows, format)
