"""Learners' feedback through one-time links, its results, and employers' feedback."""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.core.api import errors
from edcluster.quality import selectors, services
from edcluster.quality.api.conflicts import refusals
from edcluster.quality.api.schemas import (
    AnswerIn,
    EmployerFeedbackIn,
    EmployerFeedbackOut,
    FeedbackFormOut,
    LinkOut,
    LinksIn,
    OrderFeedbackOut,
    ResultsOut,
    ThanksOut,
)
from edcluster.quality.questions import questions
from edcluster.quality.services import LinkUsed

router = Router()


def _open_link(token: str):
    link = selectors.access_link(token=token)
    if link.used_at is not None:
        raise LinkUsed(_("This link has been used; each gives one answer."))
    return link


@router.get(
    "/feedback/{token}",
    response={200: FeedbackFormOut, **errors(404, 410)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@refusals
def get_feedback_form(request, token: str):
    """The questions of a one-time link (no account needed; 410 once it was used)."""
    link = _open_link(token)
    offering = link.offering
    return {
        "product": offering.product.title,
        "starts_on": offering.starts_on,
        "ends_on": offering.ends_on,
        "questions": [{"name": name, "text": text} for name, text in questions()],
    }


@router.post(
    "/feedback/{token}",
    response={201: ThanksOut, **errors(400, 403, 404, 410, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@refusals
def give_feedback(request, token: str, payload: AnswerIn):
    """A learner's answer: four scores 1–5 and a comment, once per link (410 after)."""
    link = selectors.access_link(token=token, for_answer=True)
    services.answer_give(
        link=link, answers=payload.dict(exclude={"comment"}), comment=payload.comment
    )
    return Status(201, {"detail": _("Thank you: your answer is recorded.")})


@router.post(
    "/offerings/{offering_id}/links",
    response={201: list[LinkOut], **errors(400, 401, 403, 404, 422)},
)
def create_links(request: AuthenticatedHttpRequest, offering_id: int, payload: LinksIn):
    """One-time feedback links for a run's learners (its owners' editors)."""
    offering = selectors.access_offering(user=request.user, offering_id=offering_id, for_write=True)
    links = services.links_create(offering=offering, actor=request.user, count=payload.count)
    return Status(
        201,
        [
            {
                "token": link.token,
                "url": request.build_absolute_uri(reverse("quality:answer", args=[link.token])),
            }
            for link in links
        ],
    )


@router.get(
    "/offerings/{offering_id}/feedback", response={200: ResultsOut, **errors(401, 404, 422)}
)
def get_results(request: AuthenticatedHttpRequest, offering_id: int):
    """The run's learners' answers: their count, and from five on the means and comments."""
    offering = selectors.access_offering(user=request.user, offering_id=offering_id)
    return selectors.feedback_results(offering=offering)


@router.post(
    "/offers/{offer_id}/feedback",
    response={201: EmployerFeedbackOut, **errors(400, 401, 403, 404, 409, 422)},
)
@refusals
def give_employer_feedback(
    request: AuthenticatedHttpRequest, offer_id: int, payload: EmployerFeedbackIn
):
    """The employer's rating of an offer it accepted, once per offer (409 after)."""
    offer = selectors.access_offer_for_feedback(user=request.user, offer_id=offer_id)
    feedback = services.employer_feedback_give(
        offer=offer, actor=request.user, rating=payload.rating, comment=payload.comment
    )
    return Status(201, feedback)


@router.post(
    "/orders/{order_id}/feedback",
    response={201: OrderFeedbackOut, **errors(400, 401, 403, 404, 409, 422)},
)
@refusals
def give_order_feedback(
    request: AuthenticatedHttpRequest, order_id: int, payload: EmployerFeedbackIn
):
    """The buyer's rating of a delivered (paid, closed) order, once per order (409 after),
    counted for each of its products."""
    order = selectors.access_order_for_feedback(user=request.user, order_id=order_id)
    rows = services.order_feedback_give(
        order=order, actor=request.user, rating=payload.rating, comment=payload.comment
    )
    return Status(
        201,
        {
            "order": order.pk,
            "products": [row.product.slug for row in rows],
            "rating": rows[0].rating,
            "comment": rows[0].comment,
            "created_at": rows[0].created_at,
        },
    )
