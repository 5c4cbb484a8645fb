"""Offers between employers and product owners on a request, and the requests a member's
products cover."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja import Path as PathParam
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Offering, Product
from edcluster.core.api import In, Pages, errors
from edcluster.demand.selectors import access_request
from edcluster.matching.selectors.offers import access_offer, covered_requests, offer_list
from edcluster.matching.services import offers as offers_service

router = Router()


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


def _product_named(slug: str) -> Product:
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise ValidationError({"product": _("No product %(slug)s.") % {"slug": slug}})
    return product


@router.get("/offers", response={200: list[OfferOut], **errors(401, 422)})
@paginate(Pages)
def list_offers(request: AuthenticatedHttpRequest, filters: Query[OffersIn]):
    """Offers on the viewer's organizations' requests and of their products (operators: all),
    most recently changed first."""
    return offer_list(viewer=request.user, status=filters.status, request_id=filters.request)


@router.get("/offers/{offer_id}", response={200: OfferOut, **errors(401, 404, 422)})
def get_offer(
    request: AuthenticatedHttpRequest, offer_id: int = PathParam(..., ge=1, le=2**63 - 1)
):
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
    demand = access_request(user=request.user, request_id=request_id, for_write=True)
    offer = offers_service.offer_ask(
        request=demand,
        product=_product_named(payload.product),
        actor=request.user,
        message=payload.message,
    )
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
    demand = access_request(user=request.user, request_id=request_id)
    offering = None
    if payload.offering is not None:
        offering = Offering.objects.filter(pk=payload.offering).first()
        if offering is None:
            raise ValidationError({"offering": _("No such run.")})
    offer = offers_service.offer_make(
        request=demand,
        product=_product_named(payload.product),
        actor=request.user,
        answer=payload.answer,
        offering=offering,
    )
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
    offer = access_offer(user=request.user, offer_id=offer_id)
    return offers_service.offer_decline(offer=offer, actor=request.user, reason=payload.reason)


@router.post(
    "/offers/{offer_id}/decide", response={200: OfferOut, **errors(400, 401, 403, 404, 422)}
)
def decide_offer(
    request: AuthenticatedHttpRequest,
    payload: OfferDecideIn,
    offer_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """The employer accepts the offer or does not take it."""
    offer = access_offer(user=request.user, offer_id=offer_id)
    return offers_service.offer_decide(
        offer=offer, actor=request.user, accept=payload.accept, note=payload.note
    )


@router.get("/covered-requests", response={200: list[CoveredRequestOut], **errors(401)})
def covered(request: AuthenticatedHttpRequest):
    """Requests not closed that the viewer's products cover, best covered first, each with the
    viewer's best product for it (up to 50)."""
    return [
        {
            "request": item["request"].pk,
            "title": item["request"].title,
            "employer": item["request"].organization.slug,
            "product": item["product"].slug,
            "score": item["score"],
        }
        for item in covered_requests(user=request.user)
    ]
