"""The partners map's figures per country (the map page's table, as JSON)."""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, errors
from edcluster.partnerships.forms import MapFilterForm
from edcluster.partnerships.selectors import country_map

router = Router()


class MapQuery(In):
    group: str = Field(
        "", max_length=20, description="An APAC subregion: apac, east, south_east, south, oceania"
    )
    kind: str = Field("", max_length=20, description="The agreements' kind")
    member: str = Field("", max_length=100, description="The keeping member's slug")
    year: str = Field("", max_length=4, description="Agreements valid in that calendar year")


class ColumnOut(Schema):
    key: str
    label: str


class CountryOut(Schema):
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    numeric: str = Field(..., description="ISO 3166-1 numeric, zero-padded (world-atlas ids)")
    name: str = Field(..., description="In the language asked for")
    group: str
    figures: dict[str, int]


class MapOut(Schema):
    columns: list[ColumnOut]
    countries: list[CountryOut]
    totals: dict[str, int]


@router.get("/map", response={200: MapOut, **errors(400, 401, 403, 422)})
def partner_map(request: AuthenticatedHttpRequest, filters: Query[MapQuery]):
    """Partners, agreements by status and mobility quotas per partner country, filtered as the
    map page is; a bad filter is a 400 naming it."""
    form = MapFilterForm({name: value for name, value in filters.dict().items() if value})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    found = country_map.country_map(viewer=request.user, filters=form.filters())
    return {
        "columns": [{"key": c.key, "label": str(c.label)} for c in found.columns],
        "countries": [{**vars(row), "figures": row.values} for row in found.rows],
        "totals": found.totals,
    }
