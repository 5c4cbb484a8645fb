from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja import Path as PathParam
from ninja.pagination import paginate
from pydantic import StrictBool, StrictFloat, StrictInt, StrictStr

from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.core.http import AuthenticatedHttpRequest
from edcluster.demand import analytics, requests, selectors
from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.priorities import priority_demand
from edcluster.demand.requests import MAX_SKILLS, SkillChoice
from edcluster.organizations.models import Organization, PriorityArea
from edcluster.skills.models import Occupation, Skill

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
    skill: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Only postings asking for this skill (id)"
    )
    occupation: int | None = Field(None, ge=1, le=2**63 - 1)
    area: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Only postings of this priority area (id)"
    )


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
        priority_area_id=filters.area,
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
    """Skill mentions rolled up by the broadest ESCO skill group."""
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

RequestStatus = api_enum("RequestStatus", DemandRequest.Status)
RequestOutcome = api_enum("RequestOutcome", DemandRequest.Outcome)
Importance = api_enum("SkillImportance", RequestSkill.Importance)


class RequestSkillIn(In):
    skill: str = Field(..., min_length=1, max_length=300, description="ESCO URI of the skill")
    importance: Importance = Importance("essential")  # type: ignore[call-arg]


class RequestChangeIn(In):
    """What a request asks for. `occupation` is an ESCO occupation URI; `priority_area` the id
    of a priority area (`GET /api/organizations/priority-areas`)."""

    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, min_length=1, max_length=20_000)
    occupation: str | None = Field(None, max_length=300)
    headcount: StrictInt | None = Field(None, ge=1, le=100_000)
    needed_by: date | None = None
    region: str | None = Field(None, max_length=120)
    eqf_level: StrictInt | None = Field(None, ge=1, le=8)
    priority_area: StrictInt | None = Field(None, ge=1, le=2**31 - 1)
    skills: list[RequestSkillIn] | None = Field(
        None, max_length=MAX_SKILLS,
        description="The skills asked for; when creating without them, the extractor's "
        "suggestions from the title and description are stored (change them afterwards).",
    )  # fmt: skip


class RequestIn(RequestChangeIn):
    organization: str = Field(..., min_length=1, max_length=100, description="Employer's slug")
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field(..., min_length=1, max_length=20_000)
    headcount: StrictInt = Field(..., ge=1, le=100_000)
    needed_by: date


class RequestStatusIn(In):
    status: RequestStatus  # type: ignore[valid-type]
    outcome: RequestOutcome | None = None  # type: ignore[valid-type]
    note: str = Field("", max_length=5000)


class RequestSkillOut(Schema):
    uri: str
    label: str
    label_ru: str
    importance: str
    origin: str
    score: float | None
    evidence: str


class OccupationRefOut(Schema):
    uri: str
    label: str
    label_ru: str


class RequestOut(Schema):
    id: int
    organization: str
    organization_name: str
    title: str
    description: str
    occupation: OccupationRefOut | None
    headcount: int
    needed_by: date
    region: str
    eqf_level: int | None
    priority_area: int | None
    status: str
    outcome: str
    outcome_note: str
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    skills: list[RequestSkillOut]

    @staticmethod
    def resolve_organization(demand: DemandRequest) -> str:
        return demand.organization.slug

    @staticmethod
    def resolve_organization_name(demand: DemandRequest) -> str:
        return str(demand.organization)

    @staticmethod
    def resolve_priority_area(demand: DemandRequest) -> int | None:
        return demand.priority_area_id

    @staticmethod
    def resolve_skills(demand: DemandRequest) -> list[dict]:
        return [
            {
                "uri": link.skill.uri,
                "label": link.skill.label,
                "label_ru": link.skill.label_ru,
                "importance": link.importance,
                "origin": link.origin,
                "score": link.score,
                "evidence": link.evidence,
            }  # fmt: skip
            for link in selectors.request_skills(demand)
        ]


class RequestFilters(In):
    q: str = Field("", max_length=200, description="Words in the title or description")
    status: RequestStatus | None = None  # type: ignore[valid-type]
    mine: StrictBool = Field(False, description="Only the requests of my organizations")


def _request_fields(payload: RequestChangeIn) -> tuple[dict, list | None]:
    """Service fields from the payload's given values, with URIs and ids resolved (400 naming the
    field when one is unknown)."""
    given = payload.dict(exclude_unset=True, exclude={"organization", "skills"})
    problems = {}
    if "occupation" in given:
        uri = given["occupation"]
        given["occupation"] = (
            Occupation.objects.filter(uri=uri, obsolete=False).first() if uri else None
        )
        if uri and given["occupation"] is None:
            problems["occupation"] = [_("No occupation has this URI.")]
    if "priority_area" in given:
        pk = given["priority_area"]
        given["priority_area"] = PriorityArea.objects.filter(pk=pk).first() if pk else None
        if pk and given["priority_area"] is None:
            problems["priority_area"] = [_("No priority area has this id.")]
    for name in ("region",):
        if name in given and given[name] is None:
            given[name] = ""
    skills = None
    if payload.skills is not None:
        found = Skill.objects.filter(uri__in=[item.skill for item in payload.skills]).in_bulk(
            field_name="uri"
        )
        unknown = [item.skill for item in payload.skills if item.skill not in found]
        if unknown:
            problems["skills"] = [
                _("No skill has the URI %(uri)s.") % {"uri": uri} for uri in unknown[:10]
            ]
        skills = [
            SkillChoice(skill=found[item.skill], importance=str(item.importance))
            for item in payload.skills if item.skill in found
        ]  # fmt: skip
    if problems:
        raise ValidationError(problems)
    return given, skills


@router.get("/requests", response={200: list[RequestOut], **errors(401, 422)})
@paginate(Pages)
def list_requests(request: AuthenticatedHttpRequest, filters: Query[RequestFilters]):
    """Employers' requests the caller may see, newest first: operators all, members' staff the
    ones not closed, an employer's staff all of their own."""
    return selectors.request_list(
        viewer=request.user, query=filters.q,
        status=str(filters.status or ""), mine=filters.mine,
    ).prefetch_related("skill_links__skill")  # fmt: skip


@router.post("/requests", response={201: RequestOut, **errors(400, 401, 403, 404, 422)})
def create_request(request: AuthenticatedHttpRequest, payload: RequestIn):
    """State a request for an organization where the caller is an administrator or editor (a
    member or a registered company). Without `skills`, the extractor's suggestions are stored."""
    organization = get_object_or_404(
        Organization.objects.filter(status__in=selectors.REQUESTERS), slug=payload.organization
    )
    if not selectors.requester_candidates(user=request.user).filter(pk=organization.pk).exists():
        raise PermissionDenied
    fields, skills = _request_fields(payload)
    demand = requests.request_create(
        organization=organization, actor=request.user, fields=fields, skills=skills
    )
    return Status(201, selectors.access_request(user=request.user, request_id=demand.pk))


@router.get("/requests/{request_id}", response={200: RequestOut, **errors(401, 404, 422)})
def get_request(request: AuthenticatedHttpRequest, request_id: int):
    return selectors.access_request(user=request.user, request_id=request_id)


@router.patch(
    "/requests/{request_id}", response={200: RequestOut, **errors(400, 401, 403, 404, 422)}
)
def update_request(request: AuthenticatedHttpRequest, request_id: int, payload: RequestChangeIn):
    """Change the given fields; `skills`, when given, replaces the whole list (the employer's
    administrators and editors, and operators; not once closed)."""
    demand = selectors.access_request(user=request.user, request_id=request_id, for_write=True)
    fields, skills = _request_fields(payload)
    requests.request_update(request=demand, actor=request.user, fields=fields, skills=skills)
    return selectors.access_request(user=request.user, request_id=request_id)


@router.post(
    "/requests/{request_id}/status",
    response={200: RequestOut, **errors(400, 401, 403, 404, 422)},
)
def move_request(request: AuthenticatedHttpRequest, request_id: int, payload: RequestStatusIn):
    """Operators move a request between open and being addressed, and reopen a closed one; the
    employer's editors and operators close it, saying the outcome."""
    demand = selectors.access_request(user=request.user, request_id=request_id)
    requests.request_move(
        request=demand, actor=request.user, to=str(payload.status),
        outcome=str(payload.outcome or ""), note=payload.note,
    )  # fmt: skip
    return selectors.access_request(user=request.user, request_id=request_id)
