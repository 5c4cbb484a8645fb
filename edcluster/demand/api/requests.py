"""Employers' workforce requests: list, create, read, change, move through their statuses."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import FormBool, In, Pages, api_enum, errors
from edcluster.core.concurrency import if_match_version, refuses_stale, set_etag
from edcluster.demand import selectors, services
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.selectors import SkillChoice
from edcluster.demand.services import MAX_SKILLS
from edcluster.organizations.models import PriorityArea
from edcluster.skills.models import Occupation, Skill

router = Router()

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
        None,
        max_length=MAX_SKILLS,
        description="The skills asked for; when creating without them, the extractor's "
        "suggestions from the title and description are stored (change them afterwards).",
    )


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
    version: int
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
            }
            for link in selectors.request_skills(demand)
        ]


class RequestFilters(In):
    q: str = Field("", max_length=200, description="Words in the title or description")
    status: RequestStatus | None = None  # type: ignore[valid-type]
    mine: FormBool = Field(False, description="Only the requests of my organizations")


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
            for item in payload.skills
            if item.skill in found
        ]
    if problems:
        raise ValidationError(problems)
    return given, skills


@router.get("/requests", response={200: list[RequestOut], **errors(401, 422)})
@paginate(Pages)
def list_requests(request: AuthenticatedHttpRequest, filters: Query[RequestFilters]):
    """Employers' requests the caller may see, newest first: operators all, members' staff the
    ones not closed, an employer's staff all of their own."""
    return selectors.request_list(
        viewer=request.user,
        query=filters.q,
        status=str(filters.status or ""),
        mine=filters.mine,
    ).prefetch_related("skill_links__skill")


@router.post("/requests", response={201: RequestOut, **errors(400, 401, 403, 404, 422)})
def create_request(request: AuthenticatedHttpRequest, payload: RequestIn):
    """State a request for an organization where the caller is an administrator or editor (a
    member or a registered company). Without `skills`, the extractor's suggestions are stored."""
    organization = selectors.access_requester(user=request.user, slug=payload.organization)
    fields, skills = _request_fields(payload)
    demand = services.request_create(
        organization=organization, actor=request.user, fields=fields, skills=skills
    )
    return Status(201, selectors.access_request(user=request.user, request_id=demand.pk))


@router.get("/requests/{request_id}", response={200: RequestOut, **errors(401, 404, 422)})
def get_request(request: AuthenticatedHttpRequest, request_id: int, response: HttpResponse):
    """One request; its `ETag` is the request's version."""
    demand = selectors.access_request(user=request.user, request_id=request_id)
    set_etag(response, demand.version)
    return demand


@router.patch(
    "/requests/{request_id}", response={200: RequestOut, **errors(400, 401, 403, 404, 412, 422)}
)
@refuses_stale
def update_request(
    request: AuthenticatedHttpRequest,
    request_id: int,
    payload: RequestChangeIn,
    response: HttpResponse,
):
    """Change the given fields; `skills`, when given, replaces the whole list (the employer's
    administrators and editors, and operators; not once closed). With `If-Match` (optional)
    naming the `ETag` read, a request changed since is a 412."""
    demand = selectors.access_request(user=request.user, request_id=request_id, for_write=True)
    fields, skills = _request_fields(payload)
    services.request_update(
        request=demand,
        actor=request.user,
        fields=fields,
        skills=skills,
        expected_version=if_match_version(request),
    )
    demand = selectors.access_request(user=request.user, request_id=request_id)
    set_etag(response, demand.version)
    return demand


@router.post(
    "/requests/{request_id}/status",
    response={200: RequestOut, **errors(400, 401, 403, 404, 422)},
)
def move_request(request: AuthenticatedHttpRequest, request_id: int, payload: RequestStatusIn):
    """Operators move a request between open and being addressed, and reopen a closed one; the
    employer's editors and operators close it, saying the outcome."""
    demand = selectors.access_request(user=request.user, request_id=request_id)
    services.request_move(
        request=demand,
        actor=request.user,
        to=str(payload.status),
        outcome=str(payload.outcome or ""),
        note=payload.note,
    )
    return selectors.access_request(user=request.user, request_id=request_id)
