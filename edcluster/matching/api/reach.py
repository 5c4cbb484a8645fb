"""The demand a product meets: postings of the window by region and skill, requests."""

from datetime import date

from ninja import Field, Router, Schema

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.selectors import access_product
from edcluster.core.api import errors
from edcluster.demand.selectors import require_demand_reader
from edcluster.matching.selectors.reach import product_demand as demand_of

router = Router()


class RegionPostingsOut(Schema):
    region: str
    postings: int


class SkillPostingsOut(Schema):
    uri: str
    label: str
    label_ru: str
    postings: int


class RequestMetOut(Schema):
    request: int
    title: str
    employer: str
    region: str
    score: float


class ProductDemandOut(Schema):
    start: date | None = Field(description="First month of the window (12 months)")
    end: date | None = Field(description="Last month of the window")
    postings: int | None = Field(
        description="Postings of the window asking for at least one skill it teaches (null: "
        "not counted yet)"
    )
    regions: list[RegionPostingsOut]
    skills: list[SkillPostingsOut] = Field(description="Postings asking for each skill it teaches")
    requests: list[RequestMetOut] = Field(description="Open employers' requests it covers")


@router.get(
    "/products/{slug}/demand", response={200: ProductDemandOut, **errors(401, 403, 404, 422)}
)
def product_demand(request: AuthenticatedHttpRequest, slug: str):
    """The demand the product meets (operators and members' staff)."""
    require_demand_reader(user=request.user)
    found = demand_of(access_product(user=request.user, slug=slug))
    window = found["window"]
    return {
        "start": window.start if window else None,
        "end": window.end if window else None,
        "postings": found["postings"],
        "regions": [{"region": r.region, "postings": r.postings} for r in found["regions"]],
        "skills": [
            {
                "uri": i["skill"].uri,
                "label": i["skill"].label,
                "label_ru": i["skill"].label_ru,
                "postings": i["postings"],
            }
            for i in found["skills"]
        ],
        "requests": [
            {
                "request": i["request"].pk,
                "title": i["request"].title,
                "employer": i["request"].organization.slug,
                "region": i["request"].region,
                "score": i["score"],
            }
            for i in found["requests"]
        ],
    }
