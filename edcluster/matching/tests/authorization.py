"""Matching's rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from datetime import date

from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product
from edcluster.demand.tests.authorization import (
    DEMAND_API_READ,
    DEMAND_READ,
    REQUEST_API_READ,
)
from edcluster.matching.models import Offer, ProductSkill, Proposal
from edcluster.organizations.models import Organization
from edcluster.testing.authorization import (
    ADMIN,
    APPLICANT,
    EDITOR,
    OPERATOR,
    OUTSIDER,
    PARTNER,
    SUSPENDED,
    Case,
    Context,
    everyone,
    fixed,
    statuses,
)

# The skills a product teaches: its editors (and operators) add, confirm and remove them; the
# draft is invisible to the outsider (404) and read-only to the viewer (403).
W_PRODUCT_SKILLS = {EDITOR, ADMIN, OPERATOR, PARTNER}  # Initech co-owns the draft


def product_skill_state(ctx: Context) -> tuple:
    return tuple(
        ProductSkill.objects.filter(product=ctx.product)
        .order_by("skill_id")
        .values_list("skill_id", "origin", "decision")
    )


def proposal_state(ctx: Context) -> tuple:
    return tuple(Proposal.objects.order_by("pk").values_list("pk", "status", "product_id"))


def offer_state(ctx: Context) -> tuple:
    return tuple(Offer.objects.order_by("pk").values_list("pk", "status", "answer"))


# Offers on Acme's request: Acme's editors (the employer) ask and decide; the owner's editors
# (Globex's: the "outsider") offer and decline; operators do both.
W_EMPLOYER = {EDITOR, ADMIN, OPERATOR}
W_OWNER = {OUTSIDER, OPERATOR}
# Offers are read by the parties' staff, whatever their membership status.
OFFERS_API_READ = statuses(401, *[200] * 5)


def respond_form(ctx: Context, persona: str) -> dict:
    return {"prefix": "respond", "respond-product": ctx.globex_slug, "respond-answer": "Yes"}


OPERATOR_WRITE_PAGE = statuses(302, 403, 403, 403, 403, 302)
OPERATOR_WRITE_API = statuses(401, 403, 403, 403, 403, 200)


def _published(owner: Organization, title: str, actor) -> Product:
    made = catalog.product_create(
        owner=owner, actor=actor, fields={"kind": "module", "title_en": title}, outcomes=[]
    )
    Product.objects.filter(pk=made.pk).update(status=Product.Status.PUBLISHED)
    return made


def arrange(ctx: Context) -> None:
    """The draft's skill found by the extractor (not reviewed yet), a proposal, and offers on
    Acme's request: Globex was asked for its course, Initech offered its own; Initech has a
    second published course nobody asked about yet."""
    ProductSkill.objects.create(
        product=ctx.product, skill=ctx.skill, origin=ProductSkill.Origin.EXTRACTOR, score=0.9
    )
    proposal = Proposal.objects.create(
        title_ru="Курс",
        title_en="Course",
        start=date(2026, 1, 1),
        end=date(2026, 6, 1),
        outcomes=[{"ru": "Владеет: Python", "en": "Can Python"}],
    )
    proposal.skills.set([ctx.skill])
    ctx.proposal_id = proposal.pk
    initech, globex = (Organization.objects.get(slug=slug) for slug in ("initech", "globex"))
    operator = ctx.users[OPERATOR]
    globex_course = _published(globex, "Globex", operator)
    initech_course = _published(initech, "Initech", operator)
    ctx.offer_id = Offer.objects.create(
        request=ctx.request,
        product=globex_course,
        organization=globex,
        status=Offer.Status.ASKED,
    ).pk
    ctx.offered_id = Offer.objects.create(
        request=ctx.request,
        product=initech_course,
        organization=initech,
        status=Offer.Status.OFFERED,
        answer="Ours",
    ).pk
    ctx.globex_slug = globex_course.slug
    ctx.ask_slug = _published(initech, "Initech 2", operator).slug


PAGES: dict[str, list[Case]] = {
    "matching:skill_add": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/products/{ctx.product.slug}/skills/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            data=lambda ctx, persona: {"skill": "Python (computer programming)"},
            state=product_skill_state,
            writers=W_PRODUCT_SKILLS,
        )
    ],
    "matching:skill_decide": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/products/{ctx.product.slug}/skills/{ctx.skill_id}/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            data=lambda ctx, persona: {"decision": "removed"},
            state=product_skill_state,
            writers=W_PRODUCT_SKILLS,
        )
    ],
    "matching:coverage": [Case("GET", fixed("/en/matching/coverage/"), DEMAND_READ)],
    "matching:offers": [Case("GET", fixed("/en/matching/offers/"), statuses(302, *[200] * 5))],
    "matching:offer_ask": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/requests/{ctx.request_id}/ask/",
            statuses(302, 403, 403, 302, 302, 302) | {APPLICANT: 404},
            data=lambda ctx, persona: {"product": ctx.ask_slug, "message": "Spring?"},
            state=offer_state,
            writers=W_EMPLOYER,
        )
    ],
    "matching:offer_make": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/requests/{ctx.request_id}/offer/",
            # Initech's editor may not offer Globex's product.
            statuses(302, 302, 400, 400, 400, 302) | {PARTNER: 400, APPLICANT: 404},
            data=respond_form,
            state=offer_state,
            writers=W_OWNER,
        )
    ],
    "matching:offer_decline": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/offers/{ctx.offer_id}/decline/",
            statuses(302, 302, 403, 403, 403, 302)
            | {PARTNER: 404, APPLICANT: 404},  # no party to it
            data=lambda ctx, persona: {f"decline-{ctx.offer_id}-reason": "Full"},
            state=offer_state,
            writers=W_OWNER,
        )
    ],
    "matching:offer_decide": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/offers/{ctx.offered_id}/decide/",
            # Initech made the offer: it reads it, the employer decides.
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 403},
            data=lambda ctx, persona: {f"decide-{ctx.offered_id}-decision": "accepted"},
            state=offer_state,
            writers=W_EMPLOYER,
        )
    ],
    "matching:proposals": [Case("GET", fixed("/en/matching/proposals/"), DEMAND_READ)],
    "matching:proposal": [
        Case("GET", lambda ctx: f"/en/matching/proposals/{ctx.proposal_id}/", DEMAND_READ)
    ],
    "matching:proposal_new": [
        Case(  # the operator is let in; with no gap here, nothing is drafted (tested elsewhere)
            "POST",
            fixed("/en/matching/proposals/new/"),
            OPERATOR_WRITE_PAGE,
            state=proposal_state,
            writers=set(),
        )
    ],
    "matching:proposal_decide": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/proposals/{ctx.proposal_id}/decline/",
            OPERATOR_WRITE_PAGE,
            data=lambda ctx, persona: {"reason": "not now"},
            state=proposal_state,
            writers={OPERATOR},
        )
    ],
    "matching:gaps": [Case("GET", fixed("/en/matching/gaps/"), DEMAND_READ)],
    "matching:gaps_export": [Case("GET", fixed("/en/matching/gaps.xlsx"), DEMAND_READ)],
}

API: dict[str, list[Case]] = {
    # the draft's demand: members' staff read demand, but the outsider cannot see the draft
    "GET /api/matching/products/{slug}/demand": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/demand",
            statuses(401, 404, 200, 200, 200, 200) | {PARTNER: 200, SUSPENDED: 403, APPLICANT: 403},
        )
    ],
    "GET /api/matching/products/{slug}/skills": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/skills",
            statuses(404, 404, 200, 200, 200, 200) | {PARTNER: 200},
        )
    ],
    "POST /api/matching/products/{slug}/skills": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/skills",
            statuses(401, 404, 403, 201, 201, 201) | {PARTNER: 201},
            json=True,
            data=lambda ctx, persona: {"skill": "http://data.europa.eu/esco/skill/python"},
            state=product_skill_state,
            writers=W_PRODUCT_SKILLS,
        )
    ],
    "POST /api/matching/products/{slug}/skills/{skill_id}": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/skills/{ctx.skill_id}",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            json=True,
            data=lambda ctx, persona: {"decision": "removed"},
            state=product_skill_state,
            writers=W_PRODUCT_SKILLS,
        )
    ],
    "GET /api/matching/coverage/requests/{request_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/coverage/requests/{ctx.request_id}",
            REQUEST_API_READ | {APPLICANT: 404},
        )
    ],
    "GET /api/matching/coverage/occupations/{occupation_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/coverage/occupations/{ctx.occupation_id}",
            everyone(200),
        )
    ],
    "GET /api/matching/offers": [Case("GET", fixed("/api/matching/offers"), OFFERS_API_READ)],
    "GET /api/matching/offers/{offer_id}": [
        Case(  # Globex's offer: Initech is no party to it
            "GET",
            lambda ctx: f"/api/matching/offers/{ctx.offer_id}",
            OFFERS_API_READ | {PARTNER: 404, APPLICANT: 404},
        )
    ],
    "GET /api/matching/covered-requests": [
        Case("GET", fixed("/api/matching/covered-requests"), OFFERS_API_READ)
    ],
    "POST /api/matching/requests/{request_id}/asks": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/requests/{ctx.request_id}/asks",
            statuses(401, 403, 403, 201, 201, 201) | {APPLICANT: 404},
            json=True,
            data=lambda ctx, persona: {"product": ctx.ask_slug},
            state=offer_state,
            writers=W_EMPLOYER,
        )
    ],
    "POST /api/matching/requests/{request_id}/offers": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/requests/{ctx.request_id}/offers",
            statuses(401, 201, 403, 403, 403, 201) | {PARTNER: 403, APPLICANT: 404},
            json=True,
            data=lambda ctx, persona: {"product": ctx.globex_slug, "answer": "Yes"},
            state=offer_state,
            writers=W_OWNER,
        )
    ],
    "POST /api/matching/offers/{offer_id}/decline": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/offers/{ctx.offer_id}/decline",
            statuses(401, 200, 403, 403, 403, 200) | {PARTNER: 404, APPLICANT: 404},
            json=True,
            data=lambda ctx, persona: {"reason": "Full"},
            state=offer_state,
            writers=W_OWNER,
        )
    ],
    "POST /api/matching/offers/{offer_id}/decide": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/offers/{ctx.offered_id}/decide",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 403},
            json=True,
            data=lambda ctx, persona: {"accept": True},
            state=offer_state,
            writers=W_EMPLOYER,
        )
    ],
    "GET /api/matching/proposals": [Case("GET", fixed("/api/matching/proposals"), DEMAND_API_READ)],
    "GET /api/matching/proposals/{proposal_id}": [
        Case("GET", lambda ctx: f"/api/matching/proposals/{ctx.proposal_id}", DEMAND_API_READ)
    ],
    "POST /api/matching/proposals": [
        Case(  # the operator is let in; with no gap here, 400 says so
            "POST",
            fixed("/api/matching/proposals"),
            statuses(401, 403, 403, 403, 403, 400),
            json=True,
            data=lambda ctx, persona: {},
            state=proposal_state,
            writers=set(),
        )
    ],
    "POST /api/matching/proposals/{proposal_id}/accept": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/proposals/{ctx.proposal_id}/accept",
            OPERATOR_WRITE_API,
            json=True,
            data=lambda ctx, persona: {"members": ["acme"]},
            state=proposal_state,
            writers={OPERATOR},
        )
    ],
    "POST /api/matching/proposals/{proposal_id}/decline": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/proposals/{ctx.proposal_id}/decline",
            OPERATOR_WRITE_API,
            json=True,
            data=lambda ctx, persona: {"reason": "not now"},
            state=proposal_state,
            writers={OPERATOR},
        )
    ],
    "GET /api/matching/gaps": [Case("GET", fixed("/api/matching/gaps"), DEMAND_API_READ)],
    "GET /api/matching/coverage/postings": [
        Case("GET", fixed("/api/matching/coverage/postings"), DEMAND_API_READ)
    ],
}
