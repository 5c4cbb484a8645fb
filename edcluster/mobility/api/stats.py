"""`GET /api/mobility/stats`: the dashboard's figures as JSON, for the same filters and the
same readers (operators: every member; a hosting member's staff: its own; others 404)."""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, errors
from edcluster.mobility.forms_dashboard import DashboardFilterForm
from edcluster.mobility.selectors.dashboard import dashboard, dashboard_hosts

router = Router()


class StatsIn(In):
    year: str = Field("", max_length=9, description="An academic year, e.g. 2026/2027")
    member: str = Field("", max_length=100, description="A hosting member's slug")
    category: str = Field("", max_length=12)
    citizenship: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")


class FiltersOut(Schema):
    year: str
    members: list[int] | None = Field(description="The members' ids; null: every member")
    category: str
    citizenship: str


class FunnelOut(Schema):
    stage: str
    label: str
    reached: int
    of_submitted: float | None
    of_previous: float | None


class RowOut(Schema):
    key: str
    label: str
    applications: int
    accepted: int
    arrived: int


class StageDaysOut(Schema):
    stage: str
    label: str
    moves: int
    median: float
    p90: float


class QuotaOut(Schema):
    agreement: str
    partner: str
    host: str
    kind: str
    year: str
    quota: int
    used: int
    remaining: int


class StatsOut(Schema):
    filters: FiltersOut
    quota_year: str
    funnel: list[FunnelOut]
    outcomes: dict[str, int]
    total: RowOut
    citizenships: list[RowOut]
    members: list[RowOut]
    categories: list[RowOut]
    years: list[RowOut]
    days: list[StageDaysOut]
    quotas: list[QuotaOut]


@router.get("/stats", response={200: StatsOut, **errors(400, 401, 404, 422)})
def stats(request: AuthenticatedHttpRequest, query: Query[StatsIn]):
    """The dashboard: funnel, outcomes, flows by citizenship, member, category and academic
    year (of the intake's run), days per stage (median, 90th percentile) and the quotas of
    the academic year (the current one when none is chosen); a bad filter is a 400 naming it."""
    hosts = dashboard_hosts(viewer=request.user)
    form = DashboardFilterForm(query.dict(), hosts=hosts)
    if not form.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    board = dashboard(filters=form.filters())
    filters = board.filters
    return {
        "filters": {
            "year": filters.year,
            "members": filters.hosts,
            "category": filters.category,
            "citizenship": filters.citizenship,
        },
        "quota_year": board.quota_year,
        "funnel": board.funnel,
        "outcomes": board.outcomes,
        "total": board.total,
        "citizenships": board.citizenships,
        "members": board.members,
        "categories": board.categories,
        "years": board.years,
        "days": board.days,
        "quotas": [{**quota.__dict__, "remaining": quota.remaining} for quota in board.quotas],
    }
