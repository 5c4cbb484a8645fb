from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja import Path as PathParam
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.selectors import access_product, can_edit_product
from edcluster.core.api import In, Pages, errors
from edcluster.demand.api.analytics import AnalyticsIn
from edcluster.matching import linking
from edcluster.matching.models import ProductSkill
from edcluster.matching.selectors import product_skills
from edcluster.skills.models import Occupation, Skill

router = Router(tags=["matching"])


class ProductSkillOut(Schema):
    skill_id: int
    uri: str
    label: str
    label_ru: str
    origin: str
    decision: str
    score: float | None
    evidence: str

    @staticmethod
    def resolve_uri(link: ProductSkill) -> str:
        return link.skill.uri

    @staticmethod
    def resolve_label(link: ProductSkill) -> str:
        return link.skill.label

    @staticmethod
    def resolve_label_ru(link: ProductSkill) -> str:
        return link.skill.label_ru


class SkillAddIn(In):
    skill: str = Field(..., min_length=1, max_length=300, description="ESCO URI of the skill")


class DecisionIn(In):
    decision: Literal["", "confirmed", "removed"] = Field(
        ..., description="confirmed, removed, or empty to take the decision back"
    )


@router.get(
    "/products/{slug}/skills",
    response={200: list[ProductSkillOut], **errors(404, 422)},
    auth=None,
)
def list_product_skills(request: HttpRequest, slug: str):
    """The skills a product teaches (found in its learning outcomes, confirmed or added by its
    editors); its editors also get the ones they removed (`decision` = removed)."""
    product = access_product(user=request.user, slug=slug)
    editing = can_edit_product(user=request.user, product=product)
    return list(product_skills(product, with_removed=editing))


@router.post(
    "/products/{slug}/skills",
    response={201: ProductSkillOut, **errors(400, 401, 403, 404, 422)},
)
def add_product_skill(request: AuthenticatedHttpRequest, slug: str, payload: SkillAddIn):
    """Add a skill the product teaches (the product's editors)."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    skill = get_object_or_404(Skill, uri=payload.skill)
    link = linking.skill_add(product=product, skill=skill, actor=request.user)
    return Status(201, link)


@router.post(
    "/products/{slug}/skills/{skill_id}",
    response={200: ProductSkillOut, **errors(400, 401, 403, 404, 422)},
)
def decide_product_skill(
    request: AuthenticatedHttpRequest,
    slug: str,
    payload: DecisionIn,
    skill_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Confirm a linked skill, remove it, or take the decision back (`""`)."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    skill = get_object_or_404(Skill, pk=skill_id)
    return linking.skill_decide(
        product=product, skill=skill, actor=request.user, decision=payload.decision
    )


# Coverage of demand ---------------------------------------------------------------------


class DemandedOut(Schema):
    uri: str
    label: str
    label_ru: str
    weight: float = Field(description="1 essential, 0.5 nice to have or optional; for postings, "
                          "the skill's share of the most demanded one")  # fmt: skip


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
    from edcluster.matching.coverage import rank_products

    def covered(item) -> dict:
        return {"uri": item.demanded.skill.uri, "taught_uri": item.taught.uri,
                "taught_label": item.taught.label, "credit": item.credit,
                "evidence": item.evidence}  # fmt: skip

    return {
        "demand": [{"uri": d.skill.uri, "label": d.skill.label, "label_ru": d.skill.label_ru,
                    "weight": d.weight} for d in demand],
        "products": [
            {"slug": r.product.slug, "title": r.product.title, "score": r.score,
             "covered": [covered(c) for c in r.covered], "partial": [covered(c) for c in r.partial],
             "missing": [d.skill.uri for d in r.missing], "offerings": r.offerings}
            for r in rank_products(demand, limit=limit)
        ],
    }  # fmt: skip


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
    from edcluster.demand.selectors import access_request
    from edcluster.matching.coverage import demand_of_request

    demand = access_request(user=request.user, request_id=request_id)
    return _coverage(demand_of_request(demand), filters.limit)


@router.get(
    "/coverage/occupations/{occupation_id}",
    response={200: CoverageOut, **errors(404, 422)},
    auth=None,
)
def occupation_coverage(
    request: HttpRequest,
    filters: Query[CoverageIn],
    occupation_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Published products ranked by how much of an ESCO occupation's skills they cover."""
    from edcluster.matching.coverage import demand_of_occupation

    occupation = get_object_or_404(Occupation, pk=occupation_id)
    return _coverage(demand_of_occupation(occupation.pk), filters.limit)


class PostingsCoverageIn(AnalyticsIn):
    """A region and period of the postings (as in the demand analytics)."""

    limit: int = Field(20, ge=1, le=100)
    skills: int = Field(30, ge=1, le=100, description="How many of the top skills make the demand")


@router.get("/coverage/postings", response={200: CoverageOut, **errors(401, 403, 422)})
def postings_coverage(request: AuthenticatedHttpRequest, filters: Query[PostingsCoverageIn]):
    """Published products ranked by how much of a region's posting demand in a period they
    cover (its most demanded skills, weighted by their share); members and operators."""
    from edcluster.demand.selectors import require_demand_reader
    from edcluster.matching.coverage import demand_of_postings

    require_demand_reader(user=request.user)
    period = filters.period()
    demand = demand_of_postings(region=filters.region, period=period, limit=filters.skills)
    return _coverage(demand, filters.limit)


# Market gaps ----------------------------------------------------------------------------


class GapOut(Schema):
    uri: str
    label: str
    label_ru: str
    postings: int
    demand: float = Field(description="Postings weighted by recency (half per six months)")
    best_credit: float = Field(description="0: nothing near is taught; 0.5: a neighbour is")
    group: str = Field(description="URI of the broadest ESCO skill group")


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
        1.0, ge=0.5, le=1.0, description="1: a gap unless a product teaches the skill; 0.5: "
        "unless it teaches the skill or a neighbour",
    )  # fmt: skip


@router.get("/gaps", response={200: GapsOut, **errors(401, 403, 404, 422)})
def gaps(request: AuthenticatedHttpRequest, filters: Query[GapsIn]):
    """Demanded skills of the postings (region, period, occupation or priority area) that no
    published product covers, by recency-weighted demand, and rolled up by skill group."""
    from edcluster.demand.selectors import require_demand_reader
    from edcluster.matching.gaps import gaps_by_group, market_gaps
    from edcluster.organizations.models import PriorityArea

    require_demand_reader(user=request.user)
    period = filters.period()
    occupation = (
        get_object_or_404(Occupation, pk=filters.occupation) if filters.occupation else None
    )
    area = get_object_or_404(PriorityArea, pk=filters.area) if filters.area else None
    found = market_gaps(period=period, region=filters.region, occupation=occupation, area=area,
                        threshold=filters.threshold, limit=filters.limit)  # fmt: skip
    return {
        "start": period.start, "end": period.end, "region": filters.region,
        "gaps": [{"uri": g.skill.uri, "label": g.skill.label, "label_ru": g.skill.label_ru,
                  "postings": g.postings, "demand": g.demand, "best_credit": g.best_credit,
                  "group": g.group} for g in found],
        "groups": gaps_by_group(found),
    }  # fmt: skip


# Proposals --------------------------------------------------------------------------------


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
    consortium: list[dict]
    product: str | None = Field(description="Slug of the draft product created on acceptance")

    @staticmethod
    def resolve_skills(proposal) -> list[str]:
        return list(proposal.skills.order_by("label").values_list("uri", flat=True))

    @staticmethod
    def resolve_product(proposal) -> str | None:
        return proposal.product.slug if proposal.product else None


class ProposalIn(PostingsCoverageIn):
    group: str = Field("", max_length=200, description="Only the gaps of this skill group (URI)")
    threshold: float = Field(1.0, ge=0.5, le=1.0)


class AcceptIn(In):
    members: list[str] = Field(..., min_length=1, max_length=20, description="Slugs; the first "
                               "leads")  # fmt: skip


class DeclineIn(In):
    reason: str = Field(..., min_length=1, max_length=5000)


@router.get("/proposals", response={200: list[ProposalOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_proposals(request: AuthenticatedHttpRequest):
    """Proposals for new products, newest first (operators and members' staff)."""
    from edcluster.matching.selectors import proposal_list

    return proposal_list(viewer=request.user)


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **errors(401, 403, 404, 422)})
def get_proposal(request: AuthenticatedHttpRequest, proposal_id: int):
    from edcluster.matching.selectors import access_proposal

    return access_proposal(user=request.user, proposal_id=proposal_id)


@router.post("/proposals", response={201: ProposalOut, **errors(400, 401, 403, 422)})
def create_proposal(request: AuthenticatedHttpRequest, payload: ProposalIn):
    """Draft a proposal from the market gaps of a region and period (of one skill group, if
    given): operators."""
    from edcluster.matching.gaps import market_gaps
    from edcluster.matching.proposals import proposal_draft

    if not request.user.is_operator:
        raise PermissionDenied
    period = payload.period()
    found = market_gaps(period=period, region=payload.region, threshold=payload.threshold)
    if payload.group:
        found = [gap for gap in found if gap.group == payload.group]
    proposal = proposal_draft(gaps=found, period=period, region=payload.region,
                              actor=request.user)  # fmt: skip
    return Status(201, proposal)


@router.post(
    "/proposals/{proposal_id}/accept",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 422)},
)
def accept_proposal(request: AuthenticatedHttpRequest, proposal_id: int, payload: AcceptIn):
    """Accept: a draft product at stage "idea", co-owned by the members (operators)."""
    from edcluster.matching.proposals import proposal_accept
    from edcluster.matching.selectors import access_proposal
    from edcluster.organizations.models import Organization

    proposal = access_proposal(user=request.user, proposal_id=proposal_id)
    found = Organization.objects.in_bulk(payload.members, field_name="slug")
    missing = [slug for slug in payload.members if slug not in found]
    if missing:
        raise ValidationError({"members": [_("No organization %(slug)s.") % {"slug": slug}
                                           for slug in missing]})  # fmt: skip
    return proposal_accept(proposal=proposal, actor=request.user,
                           members=[found[slug] for slug in payload.members])  # fmt: skip


@router.post(
    "/proposals/{proposal_id}/decline",
    response={200: ProposalOut, **errors(400, 401, 403, 404, 422)},
)
def decline_proposal(request: AuthenticatedHttpRequest, proposal_id: int, payload: DeclineIn):
    from edcluster.matching.proposals import proposal_decline
    from edcluster.matching.selectors import access_proposal

    proposal = access_proposal(user=request.user, proposal_id=proposal_id)
    return proposal_decline(proposal=proposal, reason=payload.reason, actor=request.user)


# Offers -----------------------------------------------------------------------------------


class OfferOut(Schema):
    id: int
    request: int = Field(description="Id of the demand request")
    employer: str = Field(description="Slug of the employer who stated the request")
    product: str = Field(description="Slug of the product offered")
    organization: str = Field(description="Slug of the owner who offers it")
    status: Literal["asked", "offered", "declined", "accepted", "not_taken"]
    score: float | None = Field(description="The product's coverage of the request, 0 to 1")
    question: str
    asked_at: datetime | None
    answer: str = Field(description="The offer's terms, or why the owner declined")
    answered_at: datetime | None
    offering: int | None = Field(description="Id of the run offered")
    decision_note: str
    decided_at: datetime | None

    @staticmethod
    def resolve_request(offer) -> int:
        return offer.request_id

    @staticmethod
    def resolve_employer(offer) -> str:
        return offer.request.organization.slug

    @staticmethod
    def resolve_product(offer) -> str:
        return offer.product.slug

    @staticmethod
    def resolve_organization(offer) -> str:
        return offer.organization.slug

    @staticmethod
    def resolve_offering(offer) -> int | None:
        return offer.offering_id


class OffersIn(In):
    status: Literal["", "asked", "offered", "declined", "accepted", "not_taken"] = ""
    request: int | None = Field(None, ge=1, le=2**63 - 1, description="Id of a demand request")


class AskIn(In):
    product: str = Field(..., min_length=1, max_length=200, description="Slug of the product")
    message: str = Field("", max_length=5000)


class OfferIn(In):
    product: str = Field(..., min_length=1, max_length=200, description="Slug of your product")
    answer: str = Field(..., min_length=1, max_length=5000, description="What you offer")
    offering: int | None = Field(None, ge=1, le=2**63 - 1, description="Id of a run")


class OfferDeclineIn(In):
    reason: str = Field(..., min_length=1, max_length=5000)


class OfferDecideIn(In):
    accept: bool
    note: str = Field("", max_length=5000)


class CoveredRequestOut(Schema):
    request: int
    title: str
    employer: str
    product: str = Field(description="Slug of your best product for it")
    score: float


def _product_named(slug: str):
    from edcluster.catalog.models import Product

    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise ValidationError({"product": _("No product %(slug)s.") % {"slug": slug}})
    return product


@router.get("/offers", response={200: list[OfferOut], **errors(401, 422)})
@paginate(Pages)
def list_offers(request: AuthenticatedHttpRequest, filters: Query[OffersIn]):
    """Offers on the viewer's organizations' requests and of their products (operators: all),
    most recently changed first."""
    from edcluster.matching.selectors import offer_list

    return offer_list(viewer=request.user, status=filters.status, request_id=filters.request)


@router.get("/offers/{offer_id}", response={200: OfferOut, **errors(401, 404, 422)})
def get_offer(
    request: AuthenticatedHttpRequest, offer_id: int = PathParam(..., ge=1, le=2**63 - 1)
):
    from edcluster.matching.selectors import access_offer

    return access_offer(user=request.user, offer_id=offer_id)


@router.post(
    "/requests/{request_id}/asks", response={201: OfferOut, **errors(400, 401, 403, 404, 422)}
)
def ask_offer(
    request: AuthenticatedHttpRequest,
    payload: AskIn,
    request_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """The employer asks the owner of a published product for an offer on the request."""
    from edcluster.demand.selectors import access_request
    from edcluster.matching.offers import offer_ask

    demand = access_request(user=request.user, request_id=request_id, for_write=True)
    offer = offer_ask(request=demand, product=_product_named(payload.product),
                      actor=request.user, message=payload.message)  # fmt: skip
    return Status(201, offer)


@router.post(
    "/requests/{request_id}/offers", response={201: OfferOut, **errors(400, 401, 403, 404, 422)}
)
def make_offer(
    request: AuthenticatedHttpRequest,
    payload: OfferIn,
    request_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """An owner's editors offer their product for the request, asked or unasked."""
    from edcluster.catalog.models import Offering
    from edcluster.demand.selectors import access_request
    from edcluster.matching.offers import offer_make

    demand = access_request(user=request.user, request_id=request_id)
    offering = None
    if payload.offering is not None:
        offering = Offering.objects.filter(pk=payload.offering).first()
        if offering is None:
            raise ValidationError({"offering": _("No such run.")})
    offer = offer_make(request=demand, product=_product_named(payload.product),
                       actor=request.user, answer=payload.answer, offering=offering)  # fmt: skip
    return Status(201, offer)


@router.post(
    "/offers/{offer_id}/decline", response={200: OfferOut, **errors(400, 401, 403, 404, 422)}
)
def decline_offer(
    request: AuthenticatedHttpRequest,
    payload: OfferDeclineIn,
    offer_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """The owner declines an ask, saying why."""
    from edcluster.matching.offers import offer_decline
    from edcluster.matching.selectors import access_offer

    offer = access_offer(user=request.user, offer_id=offer_id)
    return offer_decline(offer=offer, actor=request.user, reason=payload.reason)


@router.post(
    "/offers/{offer_id}/decide", response={200: OfferOut, **errors(400, 401, 403, 404, 422)}
)
def decide_offer(
    request: AuthenticatedHttpRequest,
    payload: OfferDecideIn,
    offer_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """The employer accepts the offer or does not take it."""
    from edcluster.matching.offers import offer_decide
    from edcluster.matching.selectors import access_offer

    offer = access_offer(user=request.user, offer_id=offer_id)
    return offer_decide(offer=offer, actor=request.user, accept=payload.accept, note=payload.note)


@router.get("/covered-requests", response={200: list[CoveredRequestOut], **errors(401)})
def covered(request: AuthenticatedHttpRequest):
    """Requests not closed that the viewer's products cover, best covered first, each with the
    viewer's best product for it (up to 50)."""
    from edcluster.matching.selectors import covered_requests

    return [
        {"request": item["request"].pk, "title": item["request"].title,
         "employer": item["request"].organization.slug, "product": item["product"].slug,
         "score": item["score"]}
        for item in covered_requests(user=request.user)
    ]  # fmt: skip


# The demand a product meets ---------------------------------------------------------------


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
    from edcluster.demand.selectors import require_demand_reader
    from edcluster.matching.reach import product_demand as demand_of

    require_demand_reader(user=request.user)
    found = demand_of(access_product(user=request.user, slug=slug))
    window = found["window"]
    return {
        "start": window.start if window else None, "end": window.end if window else None,
        "postings": found["postings"],
        "regions": [{"region": r.region, "postings": r.postings} for r in found["regions"]],
        "skills": [{"uri": i["skill"].uri, "label": i["skill"].label,
                    "label_ru": i["skill"].label_ru, "postings": i["postings"]}
                   for i in found["skills"]],
        "requests": [{"request": i["request"].pk, "title": i["request"].title,
                      "employer": i["request"].organization.slug,
                      "region": i["request"].region, "score": i["score"]}
                     for i in found["requests"]],
    }  # fmt: skip
