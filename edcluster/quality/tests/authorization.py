"""Quality's rows of the authorization matrix (config/tests/test_authorization_matrix.py).

Acme's published product has a run and an open review assignment of the outsider, whom the
arrangement makes an expert (the partner's editor is another expert, not assigned); Globex
(the outsider's) accepted an offer of it. Operators assign and edit the scoresheet; the
assigned expert alone submits; Acme's staff read its run's feedback and its editors make
links; Globex's staff rate the offer, and the delivered order it placed with Acme (Acme's staff
and operators read that order, others do not find it); anyone with a link answers once."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from edcluster.catalog.tests.factories import published
from edcluster.demand.tests.factories import request_make
from edcluster.matching.models import Offer
from edcluster.quality import services
from edcluster.quality.models import (
    CriteriaSet,
    EmployerFeedback,
    FeedbackLink,
    LearnerAnswer,
    Review,
    ReviewAssignment,
)
from edcluster.quality.tests.factories import CODES, offering_make
from edcluster.sales import services as sales_services
from edcluster.sales.tests.factories import member_buyer, order_make
from edcluster.testing.authorization import (
    ADMIN,
    ALL_PERSONAS,
    APPLICANT,
    EDITOR,
    OPERATOR,
    OUTSIDER,
    PARTNER,
    Case,
    Context,
    everyone,
    fixed,
    statuses,
)

__all__ = ["API", "PAGES", "arrange"]


def arrange(ctx: Context) -> None:
    for persona in (OUTSIDER, PARTNER):
        user = ctx.users[persona]
        user.is_expert = True
        user.save(update_fields=["is_expert"])
    product = published(owner=ctx.organization, title_en="Quality matrix course")
    offering = offering_make(product)
    ctx.quality_product_slug = product.slug
    ctx.quality_product_id = product.pk
    ctx.quality_offering_id = offering.pk
    ctx.quality_expert_id = ctx.users[PARTNER].pk
    ctx.quality_assignment_id = services.assignment_create(
        product=product,
        expert=ctx.users[OUTSIDER],
        cycle=2026,
        due_on=date(2026, 12, 1),
        actor=None,
    ).pk
    links = services.links_create(offering=offering, actor=None, count=2)
    ctx.quality_token = links[0].token
    ctx.quality_used_token = links[1].token
    services.answer_give(
        link=links[1],
        answers={"content": 4, "teaching": 4, "usefulness": 4, "organisation": 4},
    )
    globex = ctx.users[OUTSIDER].memberships.get().organization
    request = request_make(globex, title="Quality matrix request")
    ctx.quality_offer_id = Offer.objects.create(
        request=request, product=product, organization=ctx.organization, status="accepted"
    ).pk
    order = order_make(
        product,
        buyer=member_buyer(globex),
        lines=((Decimal(3), Decimal("500.00"), "RUB"),),
        signed_on=timezone.localdate(),
        number="Q-MATRIX-1",
    )
    sales_services.order_move(order=order, actor=None, to="delivered", on=timezone.localdate())
    ctx.quality_order_id = order.pk


def state(ctx: Context) -> tuple:
    """Everything a quality call could change."""
    return (
        CriteriaSet.objects.count(),
        tuple(ReviewAssignment.objects.order_by("pk").values_list("pk", "expert", "status")),
        Review.objects.count(),
        FeedbackLink.objects.count(),
        FeedbackLink.objects.filter(used_at__isnull=False).count(),
        LearnerAnswer.objects.count(),
        EmployerFeedback.objects.count(),
    )


def path(template: str):
    return lambda ctx: template.format(ctx=ctx)


def criteria_form(ctx: Context, persona: str) -> dict:
    data: dict = {"note": "matrix"}
    for code in CODES:
        data[f"weight_{code}"] = "1"
        data[f"descriptors_ru_{code}"] = "1\n2\n3\n4\n5"
        data[f"descriptors_en_{code}"] = "1\n2\n3\n4\n5"
    return data


def criteria_json(ctx: Context, persona: str) -> dict:
    texts = ["1", "2", "3", "4", "5"]
    return {
        "criteria": [
            {"code": code, "weight": 1, "descriptors_ru": texts, "descriptors_en": texts}
            for code in CODES
        ]
    }


def review_form(ctx: Context, persona: str) -> dict:
    return {f"score_{code}": "4" for code in CODES} | {
        "recommendation": "endorse",
        "no_conflict": "on",
    }


def review_json(ctx: Context, persona: str) -> dict:
    return {
        "assignment": ctx.quality_assignment_id,
        "scores": {code: {"score": 4} for code in CODES},
        "recommendation": "endorse",
        "no_conflict": True,
    }


ANSWER = {"content": 5, "teaching": 4, "usefulness": 4, "organisation": 5, "comment": "Ok"}
NOT_EXPERT = {PARTNER: 404, APPLICANT: 404}
SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
OPERATOR_POST = statuses(302, 403, 403, 403, 403, 302)
OPERATOR_API = statuses(401, 403, 403, 403, 403, 201)
# The outsider's own assignment: only they submit; operators read it.
REVIEW_GET = statuses(302, 200, 404, 404, 404, 200) | NOT_EXPERT
REVIEW_POST = statuses(302, 302, 404, 404, 404, 403) | NOT_EXPERT
REVIEW_API = statuses(401, 201, 404, 404, 404, 403) | NOT_EXPERT
# Acme's run: its staff read, its editors make links.
RUN_GET = statuses(302, 404, 200, 200, 200, 200)
RUN_POST = statuses(302, 404, 403, 302, 302, 302)
RUN_API_GET = statuses(401, 404, 200, 200, 200, 200)
RUN_API_POST = statuses(401, 404, 403, 201, 201, 201)
# Globex's accepted offer: its staff rate it; Acme's staff and operators read it only.
RATE_GET = statuses(302, 200, 403, 403, 403, 403) | NOT_EXPERT
RATE_POST = statuses(302, 302, 403, 403, 403, 403) | NOT_EXPERT
RATE_API = statuses(401, 201, 403, 403, 403, 403) | NOT_EXPERT
# Globex's delivered order from Acme: its staff rate it; Acme's staff and operators read it only;
# the others do not find it.
NOT_READERS = {PARTNER: 404, APPLICANT: 404}
RATE_ORDER_POST = statuses(302, 302, 403, 403, 403, 403) | NOT_READERS
RATE_ORDER_API = statuses(401, 201, 403, 403, 403, 403) | NOT_READERS
ANYONE = set(ALL_PERSONAS)
LINK_EDITORS = {EDITOR, ADMIN, OPERATOR}

PAGES: dict[str, list[Case]] = {
    "quality:home": [Case("GET", fixed("/en/quality/"), SIGNED_IN)],
    "quality:criteria": [
        Case("GET", fixed("/en/quality/criteria/"), SIGNED_IN),
        Case(
            "POST",
            fixed("/en/quality/criteria/"),
            OPERATOR_POST,
            data=criteria_form,
            state=state,
            writers={OPERATOR},
        ),
    ],
    "quality:assign": [
        Case(
            "POST",
            fixed("/en/quality/assign/"),
            OPERATOR_POST,
            data=lambda ctx, persona: {
                "product": str(ctx.quality_product_id),
                "expert": str(ctx.quality_expert_id),
                "cycle": "2026",
                "due_on": "2026-11-01",
            },
            state=state,
            writers={OPERATOR},
        )
    ],
    "quality:product_options": [
        Case(
            "GET",
            fixed("/en/quality/assign/products/?product_search=matrix"),
            statuses(302, 403, 403, 403, 403, 200),
        )
    ],
    "quality:review": [
        Case("GET", path("/en/quality/assignments/{ctx.quality_assignment_id}/"), REVIEW_GET),
        Case(
            "POST",
            path("/en/quality/assignments/{ctx.quality_assignment_id}/"),
            REVIEW_POST,
            data=review_form,
            state=state,
            writers={OUTSIDER},
        ),
    ],
    "quality:run": [
        Case("GET", path("/en/quality/runs/{ctx.quality_offering_id}/"), RUN_GET),
        Case(
            "POST",
            path("/en/quality/runs/{ctx.quality_offering_id}/"),
            RUN_POST,
            data=lambda ctx, persona: {"count": "3"},
            state=state,
            writers=LINK_EDITORS,
        ),
    ],
    "quality:rate": [
        Case("GET", path("/en/quality/offers/{ctx.quality_offer_id}/rate/"), RATE_GET),
        Case(
            "POST",
            path("/en/quality/offers/{ctx.quality_offer_id}/rate/"),
            RATE_POST,
            data=lambda ctx, persona: {"rating": "4"},
            state=state,
            writers={OUTSIDER},
        ),
    ],
    "quality:rate_order": [
        Case(
            "POST",
            path("/en/quality/orders/{ctx.quality_order_id}/rate/"),
            RATE_ORDER_POST,
            data=lambda ctx, persona: {"rating": "4"},
            state=state,
            writers={OUTSIDER},
        ),
    ],
    "quality:answer": [
        Case("GET", path("/en/quality/f/{ctx.quality_token}/"), everyone(200)),
        Case("GET", path("/en/quality/f/{ctx.quality_used_token}/"), everyone(410)),
        Case(
            "POST",
            path("/en/quality/f/{ctx.quality_token}/"),
            everyone(200),
            data=lambda ctx, persona: {key: str(value) for key, value in ANSWER.items()},
            state=state,
            writers=ANYONE,
        ),
    ],
}


def _api(method: str, template: str, expected: dict, data=None, writers=frozenset()) -> Case:
    return Case(
        method,
        path(template),
        expected,
        data=data,
        json=data is not None,
        state=state if method != "GET" else None,
        writers=set(writers),
    )


API: dict[str, list[Case]] = {
    "GET /api/quality/criteria": [_api("GET", "/api/quality/criteria", everyone(200))],
    "POST /api/quality/criteria": [
        _api("POST", "/api/quality/criteria", OPERATOR_API, criteria_json, {OPERATOR})
    ],
    "GET /api/quality/assignments": [
        _api("GET", "/api/quality/assignments", statuses(401, 200, 200, 200, 200, 200))
    ],
    "POST /api/quality/assignments": [
        _api(
            "POST",
            "/api/quality/assignments",
            OPERATOR_API,
            lambda ctx, persona: {
                "product": ctx.quality_product_slug,
                "expert": ctx.quality_expert_id,
                "due_on": "2026-11-01",
            },
            {OPERATOR},
        )
    ],
    "GET /api/quality/reviews": [
        _api("GET", "/api/quality/reviews", statuses(401, 200, 200, 200, 200, 200))
    ],
    "POST /api/quality/reviews": [
        _api("POST", "/api/quality/reviews", REVIEW_API, review_json, {OUTSIDER})
    ],
    "GET /api/quality/feedback/{token}": [
        _api("GET", "/api/quality/feedback/{ctx.quality_token}", everyone(200)),
        _api("GET", "/api/quality/feedback/{ctx.quality_used_token}", everyone(410)),
    ],
    "POST /api/quality/feedback/{token}": [
        _api(
            "POST",
            "/api/quality/feedback/{ctx.quality_token}",
            everyone(201),
            lambda ctx, persona: ANSWER,
            ANYONE,
        )
    ],
    "POST /api/quality/offerings/{offering_id}/links": [
        _api(
            "POST",
            "/api/quality/offerings/{ctx.quality_offering_id}/links",
            RUN_API_POST,
            lambda ctx, persona: {"count": 2},
            LINK_EDITORS,
        )
    ],
    "GET /api/quality/offerings/{offering_id}/feedback": [
        _api("GET", "/api/quality/offerings/{ctx.quality_offering_id}/feedback", RUN_API_GET)
    ],
    "POST /api/quality/offers/{offer_id}/feedback": [
        _api(
            "POST",
            "/api/quality/offers/{ctx.quality_offer_id}/feedback",
            RATE_API,
            lambda ctx, persona: {"rating": 5, "comment": "Good"},
            {OUTSIDER},
        )
    ],
    "POST /api/quality/orders/{order_id}/feedback": [
        _api(
            "POST",
            "/api/quality/orders/{ctx.quality_order_id}/feedback",
            RATE_ORDER_API,
            lambda ctx, persona: {"rating": 4, "comment": "Well taught"},
            {OUTSIDER},
        )
    ],
    "GET /api/quality/products/{slug}/index": [
        _api("GET", "/api/quality/products/{ctx.quality_product_slug}/index", everyone(200))
    ],
}
