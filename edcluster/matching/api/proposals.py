"""Proposals for new products: list, read, draft from the gaps, accept, decline."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, errors
from edcluster.matching.api.coverage import PostingsCoverageIn
from edcluster.matching.selectors.gaps import market_gaps
from edcluster.matching.selectors.proposals import (
    access_proposal,
    proposal_list,
    require_proposal_manager,
)
from edcluster.matching.services.proposals import proposal_accept, proposal_decline, proposal_draft
from edcluster.organizations.models import Organization

router = Router()


class ProposalOut(Schema):
    id: int
    title_ru: str
    title_en: str
    region: str
    start: date
    end: date
    group: str
    status: str
    reason: str
    skills: list[str] = Field(description="URIs of the target skills")
    outcomes: list[dict]
    employers: list[dict]
    consortium: list[dict] = Field(
        description="Members ranked; `name` and each reason's `skill`, `via` and `product` in "
        "the reader's language (the other as fallback), with their `_ru` and `_en` forms"
    )
    product: str | None = Field(description="Slug of the draft product created on acceptance")

    @staticmethod
    def resolve_skills(proposal) -> list[str]:
        return list(proposal.skills.order_by("label").values_list("uri", flat=True))

    @staticmethod
    def resolve_consortium(proposal) -> list[dict]:
        return proposal.consortium_in_language()

    @staticmethod
    def resolve_product(proposal) -> str | None:
        return proposal.product.slug if proposal.product else None


class ProposalIn(PostingsCoverageIn):
    group: str = Field("", max_length=200, description="Only the gaps of this skill group (URI)")
    threshold: float = Field(1.0, ge=0.5, le=1.0)


class AcceptIn(In):
    members: list[str] = Field(
        ..., min_length=1, max_length=20, description="Slugs; the first leads"
    )


class DeclineIn(In):
    reason: str = Field(..., min_length=1, max_length=5000)


@router.get("/proposals", response={200: list[ProposalOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_proposals(request: AuthenticatedHttpRequest):
    """Proposals for new products, newest first (operators and members' staff)."""
    return proposal_list(viewer=request.user)


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **errors(401, 403, 404, 422)})
def get_proposal(request: AuthenticatedHttpRequest, proposal_id: int):
    return access_proposal(user=request.user, proposal_id=proposal_id)


@router.post("/proposals", response={201: ProposalOut, **errors(400, 401, 403, 422)})
def create_proposal(request: AuthenticatedHttpRequest, payload: ProposalIn):
    """Draft a proposal from the market gaps of a region and period (of one skill group, if
    given): operators."""
    require_proposal_manager(user=request.user)
    period = payload.query().period()
    found = market_gaps(period=period, region=payload.region, threshold=payload.threshold)
    if payload.group:
        found = [gap for gap in found if gap.group == payload.group]
    proposal = proposal_draft(gaps=found, period=period, region=payload.region, actor=request.user)
    return Status(201, proposal)


@router.post(
    "/proposals/{proposal_id}/accept",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 422)},
)
def accept_proposal(request: AuthenticatedHttpRequest, proposal_id: int, payload: AcceptIn):
    """Accept: a draft product at stage "idea", co-owned by the members (operators)."""
    proposal = access_proposal(user=request.user, proposal_id=proposal_id)
    found = Organization.objects.in_bulk(payload.members, field_name="slug")
    missing = [slug for slug in payload.members if slug not in found]
    if missing:
        raise ValidationError(
            {"members": [_("No organization %(slug)s.") % {"slug": slug} for slug in missing]}
        )
    return proposal_accept(
        proposal=proposal, actor=request.user, members=[found[slug] for slug in payload.members]
    )


@router.post(
    "/proposals/{proposal_id}/decline",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 422)},
)
def decline_proposal(request: AuthenticatedHttpRequest, proposal_id: int, payload: DeclineIn):
    proposal = access_proposal(user=request.user, proposal_id=proposal_id)
    return proposal_decline(proposal=proposal, reason=payload.reason, actor=request.user)
