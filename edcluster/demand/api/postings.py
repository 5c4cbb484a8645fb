"""Job postings as read back, with the skills found in them."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, errors
from edcluster.demand import selectors

router = Router()


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
