"""Coverage of demand: products ranked by how much of a request, an occupation or a
region's postings they cover, with the reasons."""

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from pydantic import model_validator

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.core.api import In, errors
from edcluster.demand.selectors import access_request, require_demand_reader
from edcluster.demand.selectors.analytics import MONTH_PATTERN, REGION_MAX_LENGTH, AnalyticsQuery
from edcluster.matching.selectors.coverage import (
    demand_of_occupation,
    demand_of_postings,
    demand_of_request,
    rank_products,
)
from edcluster.skills.models import Occupation

router = Router()


class DemandedOut(Schema):
    uri: str
    label: str
    label_ru: str
    weight: float = Field(
        description="1 essential, 0.5 nice to have or optional; for postings, "
        "the skill's share of the most demanded one"
    )


class CoveredOut(Schema):
    uri: str = Field(description="The demanded skill")
    taught_uri: str = Field(description="The skill the product teaches: the same, or a neighbour")
    taught_label: str
    credit: float
    evidence: str = Field(description="The learning outcome the taught skill was found in")


class OfferingRefOut(Schema):
    starts_on: date
    ends_on: date
    enrolment_deadline: date | None
    is_online: bool
    place: str


class ProductCoverageOut(Schema):
    slug: str
    title: str
    score: float = Field(description="Weighted share of the demand covered, 0 to 1")
    covered: list[CoveredOut]
    partial: list[CoveredOut]
    missing: list[str] = Field(description="URIs of the demanded skills not covered")
    offerings: list[OfferingRefOut]


class CoverageOut(Schema):
    demand: list[DemandedOut]
    products: list[ProductCoverageOut]


def _coverage(demand: list, limit: int) -> dict:
    def covered(item) -> dict:
        return {
            "uri": item.demanded.skill.uri,
            "taught_uri": item.taught.uri,
            "taught_label": item.taught.label,
            "credit": item.credit,
            "evidence": item.evidence,
        }

    return {
        "demand": [
            {
                "uri": d.skill.uri,
                "label": d.skill.label,
                "label_ru": d.skill.label_ru,
                "weight": d.weight,
            }
            for d in demand
        ],
        "products": [
            {
                "slug": r.product.slug,
                "title": r.product.title,
                "score": r.score,
                "covered": [covered(c) for c in r.covered],
                "partial": [covered(c) for c in r.partial],
                "missing": [d.skill.uri for d in r.missing],
                "offerings": r.offerings,
            }
            for r in rank_products(demand, limit=limit)
        ],
    }


class CoverageIn(In):
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/coverage/requests/{request_id}",
    response={200: CoverageOut, **errors(401, 404, 422)},
)
def request_coverage(
    request: AuthenticatedHttpRequest,
    filters: Query[CoverageIn],
    request_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Published products ranked by how much of an employer's request they cover, with the
    covered, nearly covered and missing skills and the open runs (whoever sees the request)."""
    demand = access_request(user=request.user, request_id=request_id)
    return _coverage(demand_of_request(demand), filters.limit)


@router.get(
    "/coverage/occupations/{occupation_id}",
    response={200: CoverageOut, **errors(401, 404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def occupation_coverage(
    request: HttpRequest,
    filters: Query[CoverageIn],
    occupation_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Published products ranked by how much of an ESCO occupation's skills they cover."""
    occupation = get_object_or_404(Occupation, pk=occupation_id)
    return _coverage(demand_of_occupation(occupation.pk), filters.limit)


class PostingsCoverageIn(In):
    """A region and period of the postings (as in the demand analytics)."""

    region: str = Field(
        "", max_length=REGION_MAX_LENGTH, description="Only this region (as in the postings)"
    )
    start: str = Field("", pattern=f"({MONTH_PATTERN})|^$", description="First month, YYYY-MM")
    end: str = Field(
        "",
        pattern=f"({MONTH_PATTERN})|^$",
        description="Last month, YYYY-MM (default: "
        "the newest with data; the period is twelve months unless `start` says)",
    )
    limit: int = Field(20, ge=1, le=100)
    skills: int = Field(30, ge=1, le=100, description="How many of the top skills make the demand")

    @model_validator(mode="after")
    def period_in_order(self) -> "PostingsCoverageIn":
        self.query()  # a reversed period: 422 naming start and end
        return self

    def query(self) -> AnalyticsQuery:
        return AnalyticsQuery.from_text(region=self.region, start=self.start, end=self.end)


@router.get("/coverage/postings", response={200: CoverageOut, **errors(401, 403, 422)})
def postings_coverage(request: AuthenticatedHttpRequest, filters: Query[PostingsCoverageIn]):
    """Published products ranked by how much of a region's posting demand in a period they
    cover (its most demanded skills, weighted by their share); members and operators."""
    require_demand_reader(user=request.user)
    query = filters.query()
    demand = demand_of_postings(region=query.region, period=query.period(), limit=filters.skills)
    return _coverage(demand, filters.limit)
