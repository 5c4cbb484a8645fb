from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictFloat, StrictInt, StrictStr

from edcluster.core.api import In, Pages, errors
from edcluster.core.http import AuthenticatedHttpRequest
from edcluster.demand import analytics, selectors
from edcluster.demand.ingest import ingest_records

router = Router(tags=["demand"])
MAX_BATCH = 5000


class PostingIn(Schema):
    """A job posting as the documented columns; values are checked row by row and a bad row is
    reported with its position and field, not refused with the whole batch."""

    external_id: StrictStr | StrictInt
    title: str
    text: str
    employer: str = ""
    region: str = ""
    city: str = ""
    posted_at: str = ""
    salary_from: StrictStr | StrictInt | StrictFloat | None = None
    salary_to: StrictStr | StrictInt | StrictFloat | None = None
    currency: str = ""
    url: str = ""


class BatchIn(In):
    source: str = Field(..., min_length=1, max_length=100)
    extract: StrictBool = True
    postings: list[PostingIn] = Field(..., min_length=1, max_length=MAX_BATCH)


class RejectedOut(Schema):
    line: int = Field(description="Position of the posting in the batch (from 1) or file line")
    field: str
    reason: str


class RunOut(Schema):
    id: int
    source: str
    format: str
    status: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    errors: list[RejectedOut]
    to_extract: int
    extracted: int
    percent: int
    message: str
    started_at: datetime | None
    finished_at: datetime | None


IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=200)]


@router.post("/postings:batch", response={201: RunOut, 200: RunOut, **errors(400, 401, 403, 422)})
def ingest_batch(request: AuthenticatedHttpRequest, payload: BatchIn, key: IdempotencyKey = ""):
    """Store up to 5,000 postings (operators). With an `Idempotency-Key` header, sending the same
    key again answers 200 with the first run instead of ingesting twice. Skills are extracted in
    the background (`to_extract`, `extracted`)."""
    selectors.require_ingester(user=request.user)
    records = [p.dict() for p in payload.postings]
    run, repeated = ingest_records(
        actor=request.user, source=payload.source, records=records, key=key, extract=payload.extract
    )
    if not repeated and run.to_extract:
        from django.db import transaction

        from edcluster.demand.tasks import extract_run

        transaction.on_commit(lambda: extract_run.enqueue(run_id=run.pk))
    return Status(200 if repeated else 201, run)


@router.get("/runs", response={200: list[RunOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_runs(request: AuthenticatedHttpRequest):
    """Ingestion runs, newest first (operators)."""
    return selectors.run_list(viewer=request.user)


@router.get("/runs/{run_id}", response={200: RunOut, **errors(401, 403, 404, 422)})
def get_run(request: AuthenticatedHttpRequest, run_id: int):
    return selectors.access_run(user=request.user, run_id=run_id)


class PostingFilters(In):
    q: str = Field("", max_length=200, description="Words of the title")
    region: str = Field("", max_length=200)
    source: str = Field("", max_length=100)
    skill: int | None = Field(None, ge=1, description="Only postings asking for this skill (id)")
    occupation: int | None = Field(None, ge=1)


class PostingOut(Schema):
    id: int
    source: str
    external_id: str
    title: str
    employer: str
    region: str
    city: str
    posted_at: date | None
    occupation_id: int | None
    occupation: str | None = Field(None, alias="occupation.label")


class FoundSkillOut(Schema):
    skill_id: int
    uri: str = Field(alias="skill.uri")
    label: str = Field(alias="skill.label")
    label_ru: str = Field(alias="skill.label_ru")
    score: float
    evidence: str
    method: str


class PostingDetailOut(PostingOut):
    text: str
    salary_from: float | None
    salary_to: float | None
    currency: str
    url: str
    extracted_at: datetime | None
    skills: list[FoundSkillOut]

    @staticmethod
    def resolve_skills(posting) -> list:
        return list(selectors.posting_skills(posting))


@router.get("/postings", response={200: list[PostingOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_postings(request: AuthenticatedHttpRequest, filters: Query[PostingFilters]):
    """Job postings (members and operators), newest first."""
    return selectors.posting_list(
        viewer=request.user,
        query=filters.q,
        region=filters.region,
        source=filters.source,
        skill_id=filters.skill,
        occupation_id=filters.occupation,
    )


@router.get(
    "/postings/{posting_id}", response={200: PostingDetailOut, **errors(401, 403, 404, 422)}
)
def get_posting(request: HttpRequest, posting_id: int):
    """A posting with the skills found in it (score, evidence, method) and its occupation."""
    return selectors.access_posting(user=request.user, posting_id=posting_id)


MONTH = r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$"


class AnalyticsIn(In):
    region: str = Field("", max_length=200, description="Only this region (as in the postings)")
    start: str = Field("", pattern=f"({MONTH})|^$", description="First month, YYYY-MM")
    end: str = Field(
        "",
        pattern=f"({MONTH})|^$",
        description="Last month, YYYY-MM (default: "
        "the newest with data; the period is twelve months unless `start` says)",
    )
    limit: int = Field(20, ge=1, le=1000)

    def period(self) -> analytics.Period:
        def month(text: str) -> date | None:
            return date(int(text[:4]), int(text[5:7]), 1) if text else None

        return analytics.period_of(month(self.start), month(self.end))


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
def trend(request: AuthenticatedHttpRequest, skill_id: int, filters: Query[AnalyticsIn]):
    """Postings asking for one skill, month by month."""
    period, head = _head(request, filters)
    return {
        **head,
        "months": analytics.skill_trend(skill_id=skill_id, region=filters.region, period=period),
    }


@router.get("/analytics/groups", response={200: GroupsOut, **errors(401, 403, 422)})
def groups(request: AuthenticatedHttpRequest, filters: Query[AnalyticsIn]):
    """Skill mentions rolled up by the broadest ESCO skill group."""
    period, head = _head(request, filters)
    return {**head, "groups": analytics.skill_groups(region=filters.region, period=period)}
