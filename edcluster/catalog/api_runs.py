"""The API of a product's runs and enquiries beyond creating and changing runs (in api):
cancelling a run, asking the owners (anyone), and the editors' list of enquiries."""

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog import selectors, services, services_enquiries
from edcluster.catalog.api import OfferingOut, Slug
from edcluster.core.api import In, errors
from edcluster.core.ratelimit import client_address

router = Router(tags=["catalog"])


class EnquiryIn(In):
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field(..., max_length=254)
    message: str = Field(..., min_length=1, max_length=5000)
    offering: StrictInt | None = Field(None, ge=1, le=2**31 - 1, description="A run's id")


class EnquiryOut(Schema):
    id: int
    name: str
    email: str
    message: str
    offering: int | None = Field(None, alias="offering_id")
    language: str
    created_at: datetime
    answered_at: datetime | None


class EnquiryReceivedOut(Schema):
    id: int
    created_at: datetime


@router.post(
    "/products/{slug}/offerings/{offering_id}/cancel",
    response={200: OfferingOut, **errors(400, 401, 403, 404, 422)},
)
def cancel_offering(request: AuthenticatedHttpRequest, slug: Slug, offering_id: int):
    """Cancel a run: it stays listed, marked cancelled, and takes no enrolments."""
    offering = selectors.access_offering(
        user=request.user, slug=slug, offering_id=offering_id, for_write=True
    )
    return services.offering_cancel(offering=offering, actor=request.user)


@router.post(
    "/products/{slug}/enquiries",
    # 403: a browser session's POST without its CSRF token (as every session write).
    response={201: EnquiryReceivedOut, **errors(400, 401, 403, 404, 422, 429)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def create_enquiry(request: HttpRequest, slug: Slug, payload: EnquiryIn):
    """Ask a published product's owners a question (anyone; limited per address and e-mail).
    The lead owner's editors get it by mail, the address as Reply-To."""
    product = selectors.access_product(user=request.user, slug=slug)
    offering = None
    if payload.offering is not None:
        offering = selectors.access_offering(
            user=request.user, slug=slug, offering_id=payload.offering
        )
    enquiry = services_enquiries.enquiry_create(
        product=product,
        name=payload.name,
        email=payload.email,
        message=payload.message,
        user=request.user if request.user.is_authenticated else None,
        address=client_address(request),
        language=get_language() or "",
        offering=offering,
    )
    return Status(201, enquiry)


@router.get(
    "/products/{slug}/enquiries",
    response={200: list[EnquiryOut], **errors(401, 403, 404, 422)},
)
def list_enquiries(request: AuthenticatedHttpRequest, slug: Slug):
    """The product's enquiries, unanswered first (its editors and operators)."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    return list(selectors.enquiry_list(viewer=request.user, product=product))


@router.post(
    "/products/{slug}/enquiries/{enquiry_id}/answered",
    response={200: EnquiryOut, **errors(400, 401, 403, 404, 422)},
)
def answer_enquiry(request: AuthenticatedHttpRequest, slug: Slug, enquiry_id: int):
    """Mark an enquiry answered (answering itself is by e-mail)."""
    enquiry = selectors.access_enquiry(user=request.user, slug=slug, enquiry_id=enquiry_id)
    return services_enquiries.enquiry_answer(enquiry=enquiry, actor=request.user)
