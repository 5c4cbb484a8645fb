"""Demand analytics: top skills and occupations, rising ones, series, groups, priority areas."""

from datetime import date
from typing import Annotated

from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from pydantic import model_validator

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, errors
from edcluster.demand import selectors
from edcluster.demand.selectors import analytics
from edcluster.demand.selectors.priorities import priority_demand

router = Router()

MONTH = analytics.MONTH_PATTERN


class AnalyticsIn(In):
    region: str = Field(
        "",
        max_length=analytics.REGION_MAX_LENGTH,
        description="Only this region (as in the postings)",
    )
    start: str = Field("", pattern=f"({MONTH})|^$", description="First month, YYYY-MM")
    end: str = Field(
        "",
        pattern=f"({MONTH})|^$",
        description="Last month, YYYY-MM (default: "
        "the newest with data; the period is twelve months unless `start` says)",
    )
    limit: int = Field(20, ge=1, le=1000)

    @model_validator(mode="after")
    def period_in_order(self) -> "AnalyticsIn":
        self.query()  # a reversed period: 422 naming start and end
        return self

    def query(self) -> analytics.AnalyticsQuery:
        return analytics.AnalyticsQuery.from_text(
            region=self.region, start=self.start, end=self.end
        )

    def period(self) -> analytics.Period:
        return self.query().period()


class PeriodOut(Schema):
    start: date
    end: date


class RankedOut(Schema):
    id: int
    uri: str
    label: str
    label_ru: str
    postings: int


class RankingOut(Schema):
    period: PeriodOut
    region: str
    items: list[RankedOut]


class RisingItemOut(RankedOut):
    before: int = Field(description="Postings in the as-long period before")
    growth: float = Field(description="(postings − before) ÷ max(before, 1)")


class RisingOut(Schema):
    period: PeriodOut
    region: str
    items: list[RisingItemOut]


class MonthOut(Schema):
    month: date
    postings: int


class SeriesOut(Schema):
    period: PeriodOut
    region: str
    months: list[MonthOut]


class GroupOut(Schema):
    uri: str
    code: str
    label: str
    label_ru: str
    mentions: int


class GroupsOut(Schema):
    period: PeriodOut
    region: str
    groups: list[GroupOut]


def _head(request, filters: AnalyticsIn) -> tuple[analytics.Period, dict]:
    selectors.require_demand_reader(user=request.user)
    period = filters.period()
    return period, {"period": {"start": period.start, "end": period.end}, "region": filters.region}


@router.get("/analytics/top-skills", response={200: RankingOut, **errors(401, 403, 422)})
def top_skills(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    """The skills most postings ask for, in a region and period."""
    period, head = _head(request, filters)
    return {
        **head,
        "items": analytics.top_skills(region=filters.region, period=period, limit=filters.limit),
    }


@router.get("/analytics/top-occupations", response={200: RankingOut, **errors(401, 403, 422)})
def top_occupations(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    period, head = _head(request, filters)
    return {
        **head,
        "items": analytics.top_occupations(
            region=filters.region, period=period, limit=filters.limit
        ),
    }


@router.get("/analytics/rising", response={200: RisingOut, **errors(401, 403, 422)})
def rising(
    request: AuthenticatedHttpRequest,
    filters: Query[AnalyticsIn],
    minimum: Annotated[int, Field(ge=1, le=100_000)] = 5,
):
    """Skills asked for more than in the as-long period before, with the counts behind it."""
    period, head = _head(request, filters)
    return {
        **head,
        "items": analytics.rising_skills(
            region=filters.region, period=period, minimum=minimum, limit=filters.limit
        ),
    }


@router.get("/analytics/monthly", response={200: SeriesOut, **errors(401, 403, 422)})
def monthly(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    """All postings, month by month."""
    period, head = _head(request, filters)
    return {**head, "months": analytics.monthly_postings(region=filters.region, period=period)}


@router.get(
    "/analytics/skills/{skill_id}/trend", response={200: SeriesOut, **errors(401, 403, 422)}
)
def trend(
    request: AuthenticatedHttpRequest,
    filters: Query[AnalyticsIn],
    skill_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Postings asking for one skill, month by month."""
    period, head = _head(request, filters)
    return {
        **head,
        "months": analytics.skill_trend(skill_id=skill_id, region=filters.region, period=period),
    }


@router.get("/analytics/groups", response={200: GroupsOut, **errors(401, 403, 422)})
def groups(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    """Skill mentions rolled up by ESCO skill group (the second level of the skills pillar, the
    field of education of knowledge, the group of transversal and language skills)."""
    period, head = _head(request, filters)
    return {**head, "groups": analytics.skill_groups(region=filters.region, period=period)}


class AreaOut(Schema):
    id: int
    list: str
    code: str
    name_ru: str
    name_en: str
    postings: int = Field(description="Postings whose occupation works in the area")
    occupations: int = Field(description="How many occupations those postings were for")
    requests: int = Field(description="Employers' requests stated in the period for the area")
    headcount: int = Field(description="Specialists those requests ask for")


class AreasOut(Schema):
    period: PeriodOut
    region: str
    areas: list[AreaOut]


@router.get("/analytics/priority-areas", response={200: AreasOut, **errors(401, 403, 422)})
def priority_areas(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    """Demand by the priority areas of both official lists: postings count for the areas of
    their occupation (by ISCO-08 group, see `edcluster/demand/priorities.py`; an occupation may
    belong to several areas), requests for the area they name or else their occupation's."""
    period, head = _head(request, filters)
    return {**head, "areas": priority_demand(region=filters.region, period=period)}


# Employers' requests ----------------------------------------------------------------------
