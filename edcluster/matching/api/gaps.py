"""Market gaps: demanded skills no published product covers, and their groups."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import errors
from edcluster.demand.selectors import require_demand_reader
from edcluster.matching.api.coverage import PostingsCoverageIn
from edcluster.matching.selectors.gaps import gaps_by_group, market_gaps
from edcluster.organizations.models import PriorityArea
from edcluster.skills.models import Occupation

router = Router()


class GapOut(Schema):
    uri: str
    label: str
    label_ru: str
    postings: int
    demand: float = Field(description="Postings weighted by recency (half per six months)")
    best_credit: float = Field(description="0: nothing near is taught; 0.5: a neighbour is")
    group: str = Field(description="URI of the ESCO skill group it rolls up to")


class GapGroupOut(Schema):
    uri: str
    code: str
    label: str
    label_ru: str
    demand: float
    skills: int


class GapsOut(Schema):
    start: date
    end: date
    region: str
    gaps: list[GapOut]
    groups: list[GapGroupOut]


class GapsIn(PostingsCoverageIn):
    occupation: int | None = Field(None, ge=1, le=2**63 - 1, description="ESCO occupation id")
    area: int | None = Field(None, ge=1, le=2**63 - 1, description="Priority area id")
    threshold: float = Field(
        1.0,
        ge=0.5,
        le=1.0,
        description="1: a gap unless a product teaches the skill; 0.5: "
        "unless it teaches the skill or a neighbour",
    )


@router.get("/gaps", response={200: GapsOut, **errors(401, 403, 404, 422)})
def gaps(request: AuthenticatedHttpRequest, filters: Query[GapsIn]):
    """Demanded skills of the postings (region, period, occupation or priority area) that no
    published product covers, by recency-weighted demand, and rolled up by skill group."""
    require_demand_reader(user=request.user)
    period = filters.query().period()
    occupation = (
        get_object_or_404(Occupation, pk=filters.occupation) if filters.occupation else None
    )
    area = get_object_or_404(PriorityArea, pk=filters.area) if filters.area else None
    found = market_gaps(
        period=period,
        region=filters.region,
        occupation=occupation,
        area=area,
        threshold=filters.threshold,
        limit=filters.limit,
    )
    return {
        "start": period.start,
        "end": period.end,
        "region": filters.region,
        "gaps": [
            {
                "uri": g.skill.uri,
                "label": g.skill.label,
                "label_ru": g.skill.label_ru,
                "postings": g.postings,
                "demand": g.demand,
                "best_credit": g.best_credit,
                "group": g.group,
            }
            for g in found
        ],
        "groups": gaps_by_group(found),
    }
