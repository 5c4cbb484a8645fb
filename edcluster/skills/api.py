from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, errors
from edcluster.skills import selectors, services

router = Router(tags=["skills"])


class SearchIn(In):
    q: str = Field("", max_length=200, description="Words of a label or alias, Russian or English")
    kind: Literal["", "skill/competence", "knowledge"] = ""


class ConceptOut(Schema):
    id: int
    uri: str
    label: str
    label_ru: str
    description: str


class SkillOut(ConceptOut):
    kind: str
    reuse_level: str


class OccupationBriefOut(ConceptOut):
    isco_code: str


class AliasOut(Schema):
    id: int
    uri: str
    language: str
    text: str
    source: str


class StepOut(Schema):
    uri: str
    label: str
    label_ru: str
    code: str


class NeedOut(Schema):
    relation: str
    occupation: OccupationBriefOut


class SkillDetailOut(SkillOut):
    aliases: list[AliasOut]
    group_paths: list[list[StepOut]]
    occupations: list[NeedOut]


class RequirementOut(Schema):
    relation: str
    skill: SkillOut


class OccupationDetailOut(OccupationBriefOut):
    code: str
    aliases: list[AliasOut]
    skills: list[RequirementOut]


@router.get(
    "", response={200: list[SkillOut], **errors(422)}, auth=OPTIONAL, openapi_extra=PUBLIC_OPENAPI
)
@paginate(Pages)
def list_skills(request: HttpRequest, filters: Query[SearchIn]):
    """ESCO skills (and ours), searched by label or alias in Russian or English."""
    return selectors.skill_search(query=filters.q, kind=filters.kind)


@router.get(
    "/occupations",
    response={200: list[OccupationBriefOut], **errors(422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_occupations(request: HttpRequest, filters: Query[SearchIn]):
    return selectors.occupation_search(query=filters.q)


@router.get(
    "/occupations/{occupation_id}",
    response={200: OccupationDetailOut, **errors(404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_occupation(request: HttpRequest, occupation_id: int):
    """An occupation with its essential and optional skills."""
    return selectors.occupation_detail(selectors.access_occupation(occupation_id=occupation_id))


class ExtractIn(In):
    # The cap (SKILLS_EXTRACT_MAX_CHARS) is checked by the operation: a 413 naming the field.
    text: str = Field(..., min_length=1, description="At most SKILLS_EXTRACT_MAX_CHARS characters")


class FoundOut(Schema):
    uri: str
    label: str
    label_ru: str
    score: float
    start: int = Field(description="Where the evidence starts in the text (characters)")
    end: int
    evidence: str
    method: Literal["lexical", "dense", "lexical+dense"]


class ExtractOut(Schema):
    dense: bool = Field(description="False while the taxonomy's vectors are not built yet")
    skills: list[FoundOut]


class ExtractionRunOut(Schema):
    id: int
    status: str
    dense: bool
    skills: list[FoundOut] = Field(description="Empty until the run is done")
    message: str
    created_at: datetime
    finished_at: datetime | None


@router.post(
    "/extract",
    response={200: ExtractOut, 202: ExtractionRunOut, **errors(400, 401, 403, 413, 422, 429)},
)
def extract(request: AuthenticatedHttpRequest, payload: ExtractIn):
    """The skills a Russian or English text names or describes, with score and evidence.

    At most `SKILLS_EXTRACT_MAX_CHARS` characters (20,000; more is a 413). A text up to
    `SKILLS_EXTRACT_AT_ONCE_CHARS` (3,000) is answered at once; a longer one runs in the
    background: 202 with the run, to poll at `GET /api/skills/extract/runs/{id}`. Each account
    extracts 30 texts a minute (429 with Retry-After)."""
    if services.extraction_too_long(payload.text):
        limit = settings.SKILLS_EXTRACT_MAX_CHARS
        message = _("The text is too long: at most %(limit)s characters.") % {"limit": limit}
        return Status(413, {"detail": message, "errors": {"text": [message]}})
    services.EXTRACT.hit(user=request.user)
    if not services.extraction_at_once(payload.text):
        return Status(202, services.extraction_start(actor=request.user, text=payload.text))
    engine = selectors.extractor()
    return {"dense": engine.dense, "skills": engine.extract(payload.text)}


@router.get("/extract/runs/{run_id}", response={200: ExtractionRunOut, **errors(401, 404, 422)})
def get_extraction_run(request: AuthenticatedHttpRequest, run_id: int):
    """A long text's extraction you started: its status, and the skills once it is done."""
    return selectors.access_extraction_run(user=request.user, run_id=run_id)


class AliasIn(In):
    uri: str = Field(..., max_length=200)
    language: Literal["ru", "en"]
    text: str = Field(..., min_length=1, max_length=300)


class AliasChangeIn(In):
    text: str = Field(..., min_length=1, max_length=300)


class AliasFilterIn(In):
    uri: str = Field("", max_length=200, description="Only the names of this skill or occupation")
    source: Literal["", "esco", "edcluster", "operator"] = ""


@router.get("/aliases", response={200: list[AliasOut], **errors(401, 422)})
@paginate(Pages)
def list_aliases(request: AuthenticatedHttpRequest, filters: Query[AliasFilterIn]):
    """Names of skills and occupations, newest first (or one concept's, by language)."""
    return selectors.alias_list(uri=filters.uri, source=filters.source)


@router.post("/aliases", response={201: AliasOut, **errors(400, 401, 403, 422)})
def create_alias(request: AuthenticatedHttpRequest, payload: AliasIn):
    """Name a skill or occupation (operators)."""
    selectors.require_alias_curator(user=request.user)
    return Status(201, services.alias_create(actor=request.user, **payload.dict()))


@router.patch("/aliases/{alias_id}", response={200: AliasOut, **errors(400, 401, 403, 404, 422)})
def update_alias(request: AuthenticatedHttpRequest, alias_id: int, payload: AliasChangeIn):
    alias = selectors.access_alias(user=request.user, alias_id=alias_id)
    return services.alias_update(alias=alias, text=payload.text, actor=request.user)


@router.delete("/aliases/{alias_id}", response={204: None, **errors(401, 403, 404, 422)})
def delete_alias(request: AuthenticatedHttpRequest, alias_id: int):
    services.alias_delete(
        alias=selectors.access_alias(user=request.user, alias_id=alias_id), actor=request.user
    )
    return Status(204, None)


@router.get(
    "/{skill_id}",
    response={200: SkillDetailOut, **errors(404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_skill(request: HttpRequest, skill_id: int):
    """A skill: labels and aliases, its places in the skills pillar, the occupations needing it."""
    return selectors.skill_detail(selectors.access_skill(skill_id=skill_id))
