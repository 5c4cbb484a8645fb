"""Who may call what: every page and API operation over the six personas, asserting the status
and, for writes, that a refusal changed nothing and an allowed call did change something.
A route with no row here fails `test_every_route_has_a_row`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from edcluster.accounts.models import ApiToken, Membership
from edcluster.accounts.services import api_token_create
from edcluster.catalog import services as catalog
from edcluster.catalog.imports import import_run, import_start
from edcluster.catalog.models import ImportRun, Product
from edcluster.core.models import AuditEntry
from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import DemandRequest, IngestRun, JobPosting
from edcluster.demand.selectors import SkillChoice
from edcluster.demand.services import request_create
from edcluster.matching.models import Offer, ProductSkill, Proposal
from edcluster.organizations.models import Organization
from edcluster.skills.models import Occupation, Skill, SkillAlias
from edcluster.testing import PERSONAS, make_organization

ANON, OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR = PERSONAS


def statuses(*codes: int) -> dict[str, int]:
    """Expected status for anonymous, outsider, viewer, editor, admin, operator."""
    return dict(zip(PERSONAS, codes, strict=True))


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, code)


@dataclass
class Context:
    organization: Organization
    users: dict
    token_id: int
    product: Product
    offering_id: int
    run_id: int
    skill_id: int
    occupation_id: int
    alias_id: int
    posting_id: int
    ingest_id: int
    request_id: int
    proposal_id: int
    offer_id: int  # Globex asked for an offer of its course on Acme's request
    offered_id: int  # Initech offered its course on Acme's request
    ask_slug: str  # Initech's second published course, not asked about yet
    globex_slug: str


@dataclass
class Case:
    method: str
    path: Callable[[Context], str]
    expected: dict[str, int]
    data: Callable[[Context, str], dict] | None = None
    json: bool = False
    # A snapshot of what the call may change; with `writers`, refusals must leave it equal and
    # the writers' calls must change it.
    state: Callable[[Context], Any] | None = None
    writers: set[str] = field(default_factory=set)


def org_state(ctx: Context) -> tuple:
    organization = Organization.objects.get(pk=ctx.organization.pk)
    return organization.name_en, organization.status, AuditEntry.objects.count()


def people_state(ctx: Context) -> list:
    return sorted(
        Membership.objects.filter(organization=ctx.organization).values_list("user__email", "role")
    )


def token_state(ctx: Context) -> tuple:
    return tuple(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))


def product_state(ctx: Context) -> tuple:
    product = Product.objects.get(pk=ctx.product.pk)
    return (product.title_en, product.status, product.stage, product.ownerships.count(),
            tuple(product.offerings.values_list("place", "starts_on")))  # fmt: skip


def fixed(path: str) -> Callable[[Context], str]:
    return lambda ctx: path


def slug_path(template: str) -> Callable[[Context], str]:
    return lambda ctx: template.format(slug=ctx.organization.slug, ctx=ctx)


def join_form(ctx: Context, persona: str) -> dict:
    data = {"kind": "university", "name_ru": "Новый вуз", "name_en": "New University",
            "country": "RU", "city": "Томск"}  # fmt: skip
    if persona == ANON:
        data |= {"admin_email": "new@example.org", "admin_first_name": "Иван",
                 "admin_last_name": "Петров", "admin_password": "Str0ng-pass-2026!"}  # fmt: skip
    return data


def application_json(ctx: Context, persona: str) -> dict:
    return {
        "name_ru": "Новый вуз",
        "name_en": "New University",
        "kind": "university",
        "administrator": {"email": f"{persona}-new@example.org", "password": "Str0ng-pass-2026!"},
    }


def new_product_form(ctx: Context, persona: str) -> dict:
    # The outsider edits for Globex, so it may create there but not for Acme: its choice of
    # "acme" is refused by the form (400 with the message) and Acme's products stay as they are.
    return {"owner": "acme", "kind": "module", "title_ru": "Модуль", "outcomes": "Умеет"}


def edit_form(ctx: Context, persona: str) -> dict:
    # `kind` is only on the operators' form; the others' forms ignore it.
    return {"name_ru": "Акме", "name_en": "Acme Renamed", "country": "RU", "city": "Томск",
            "kind": "university"}  # fmt: skip


W_ORG = {EDITOR, ADMIN, OPERATOR}
# A draft is seen by its owners' staff and operators; anyone else gets 404.
DRAFT_READ = statuses(404, 404, 200, 200, 200, 200)
OFFERING = {"starts_on": "2027-09-01", "ends_on": "2027-12-20", "place": "Томск, пр. Ленина 36",
            "seats": 25}  # fmt: skip
W_PEOPLE = {ADMIN, OPERATOR}
W_RUN = {EDITOR, OPERATOR}  # an import run is its author's (and the operators')
RUN_READ = statuses(302, 404, 404, 200, 404, 200)
CSV_FILE = (
    b"external_id,kind,title_ru\nx-1,module,\xd0\x9c\xd0\xbe\xd0\xb4\xd1\x83\xd0\xbb\xd1\x8c\n"
)


def runs(ctx: Context) -> int:
    return ImportRun.objects.count()


def alias_state(ctx: Context) -> tuple:
    return tuple(SkillAlias.objects.order_by("pk").values_list("pk", "text"))


def ingest_state(ctx: Context) -> tuple:
    return IngestRun.objects.count(), JobPosting.objects.count()


def postings_upload(ctx: Context, persona: str) -> dict:
    csv_file = b"external_id,title,text\nu-1,Engineer,Designs engines.\n"
    return {"file": SimpleUploadedFile("postings.csv", csv_file, "text/csv"), "source": "hh",
            "format": "", "extract": ""}  # fmt: skip


# Members' staff and operators read the market's demand; only operators ingest it.
DEMAND_READ = statuses(302, *[200] * 5)  # the "outsider" is staff of another member
DEMAND_API_READ = statuses(401, *[200] * 5)
OPERATOR_ONLY_PAGE = statuses(302, 403, 403, 403, 403, 200)
OPERATOR_ONLY_API = statuses(401, 403, 403, 403, 403, 200)
W_ALIAS = {OPERATOR}
OPERATOR_PAGE = statuses(302, 403, 403, 403, 403, 302)
OPERATOR_API = statuses(401, 403, 403, 403, 403, 200)


# Employers' requests: members' staff read the open ones; the employer's editors (and operators)
# state and change them; the "outsider" edits for Globex, so it may state demand for Globex only.
REQUEST_READ = statuses(302, *[200] * 5)
REQUEST_API_READ = statuses(401, *[200] * 5)
W_REQUEST = {EDITOR, ADMIN, OPERATOR}


def request_state(ctx: Context) -> tuple:
    demand = DemandRequest.objects.get(pk=ctx.request_id)
    return (DemandRequest.objects.count(), demand.title, demand.status, demand.headcount,
            tuple(demand.skill_links.values_list("skill_id", "importance")))  # fmt: skip


def request_form(ctx: Context, persona: str) -> dict:
    return {"organization": "acme", "title": "Welders", "description": "Pipes.", "headcount": "2",
            "needed_by": "2027-05-01", "add_skills": "Python (computer programming)",
            "action": "save"}  # fmt: skip


def request_json(ctx: Context, persona: str) -> dict:
    return {"organization": "acme", "title": "Welders", "description": "Pipes.", "headcount": 2,
            "needed_by": "2027-05-01",
            "skills": [{"skill": "http://data.europa.eu/esco/skill/python"}]}  # fmt: skip


# The skills a product teaches: its editors (and operators) add, confirm and remove them; the
# draft is invisible to the outsider (404) and read-only to the viewer (403).
W_PRODUCT_SKILLS = {EDITOR, ADMIN, OPERATOR}


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


def respond_form(ctx: Context, persona: str) -> dict:
    return {"prefix": "respond", "respond-product": ctx.globex_slug, "respond-answer": "Yes"}


OPERATOR_WRITE_PAGE = statuses(302, 403, 403, 403, 403, 302)
OPERATOR_WRITE_API = statuses(401, 403, 403, 403, 403, 200)


def upload(ctx: Context, persona: str) -> dict:
    return {"file": SimpleUploadedFile("catalog.csv", CSV_FILE), "owner": "acme",
            "encoding": "utf-8"}  # fmt: skip


PAGES: dict[str, list[Case]] = {
    "home": [Case("GET", lambda ctx: "/en/", everyone(200))],
    "core:audit": [Case("GET", lambda ctx: "/en/audit/", statuses(302, 403, 403, 403, 403, 200))],
    "health": [Case("GET", lambda ctx: "/health", everyone(200))],
    "set_language": [
        Case(
            "POST",
            lambda ctx: "/i18n/setlang/",
            everyone(302),
            data=lambda ctx, persona: {"language": "ru", "next": "/en/"},
        )  # fmt: skip
    ],
    "accounts:login": [Case("GET", lambda ctx: "/en/accounts/login/", statuses(200, *[302] * 5))],
    "accounts:logout": [Case("POST", lambda ctx: "/en/accounts/logout/", everyone(302))],
    "accounts:password_change": [
        Case("GET", lambda ctx: "/en/accounts/password/change/", statuses(302, *[200] * 5))
    ],
    "accounts:password_change_done": [
        Case("GET", lambda ctx: "/en/accounts/password/change/done/", statuses(302, *[200] * 5))
    ],
    "accounts:password_reset": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/", everyone(200)),
        Case(
            "POST",
            lambda ctx: "/en/accounts/password/reset/",
            everyone(302),
            data=lambda ctx, persona: {"email": "admin@acme.example"},
        ),  # fmt: skip
    ],
    "accounts:password_reset_done": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/sent/", everyone(200))
    ],
    "accounts:password_reset_confirm": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/MQ/bad-token/", everyone(200))
    ],
    "accounts:password_reset_complete": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/complete/", everyone(200))
    ],
    "accounts:profile": [
        Case("GET", lambda ctx: "/en/accounts/profile/", statuses(302, *[200] * 5))
    ],
    "accounts:token_create": [
        Case(
            "POST",
            lambda ctx: "/en/accounts/tokens/",
            statuses(302, *[200] * 5),
            data=lambda ctx, persona: {"name": "integration"},
            state=token_state,
            writers={OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR},
        )  # fmt: skip
    ],
    "accounts:token_revoke": [
        Case(
            "POST",
            lambda ctx: f"/en/accounts/tokens/{ctx.token_id}/revoke/",
            statuses(302, 404, 404, 404, 302, 404),
            state=token_state,
            writers={ADMIN},
        )  # fmt: skip
    ],
    "organizations:directory": [Case("GET", lambda ctx: "/en/organizations/", everyone(200))],
    "organizations:join": [
        Case("GET", lambda ctx: "/en/organizations/join/", everyone(200)),
        Case(
            "POST",
            lambda ctx: "/en/organizations/join/",
            everyone(200),
            data=join_form,
            state=lambda ctx: Organization.objects.count(),
            writers=set(PERSONAS),
        ),  # fmt: skip
    ],
    "organizations:review": [
        Case("GET", lambda ctx: "/en/organizations/review/", statuses(302, 403, 403, 403, 403, 200))
    ],
    "organizations:detail": [Case("GET", slug_path("/en/organizations/{slug}/"), everyone(200))],
    "organizations:edit": [
        Case(
            "GET",
            slug_path("/en/organizations/{slug}/edit/"),
            statuses(302, 403, 403, 200, 200, 200),
        ),
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/edit/"),
            statuses(302, 403, 403, 302, 302, 302),
            data=edit_form,
            state=org_state,
            writers=W_ORG,
        ),
    ],  # fmt: skip
    "organizations:status": [
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/status/"),
            statuses(302, 403, 403, 403, 403, 302),
            state=org_state,
            writers={OPERATOR},
            data=lambda ctx, persona: {"status": "suspended", "reason": "Dues unpaid"},
        )
    ],  # fmt: skip
    "organizations:members": [
        Case(
            "GET",
            slug_path("/en/organizations/{slug}/members/"),
            statuses(302, 403, 403, 403, 200, 200),
        ),
        Case(
            "POST",
            slug_path("/en/organizations/{slug}/members/"),
            statuses(302, 403, 403, 403, 302, 302),
            state=people_state,
            writers=W_PEOPLE,
            data=lambda ctx, persona: {"email": "new.person@acme.example", "role": "editor"},
        ),
    ],  # fmt: skip
    "organizations:member_remove": [
        Case(
            "POST",
            lambda ctx: f"/en/organizations/acme/members/{ctx.users[VIEWER].pk}/remove/",
            statuses(302, 403, 403, 403, 302, 302),
            state=people_state,
            writers=W_PEOPLE,
        )
    ],  # fmt: skip
    "catalog:catalog": [Case("GET", lambda ctx: "/en/catalog/", everyone(200))],
    "catalog:product": [Case("GET", lambda ctx: f"/en/catalog/{ctx.product.slug}/", DRAFT_READ)],
    "catalog:new": [
        Case("GET", lambda ctx: "/en/catalog/new/", statuses(302, 200, 403, 200, 200, 200)),
        Case(
            "POST",
            lambda ctx: "/en/catalog/new/",
            statuses(302, 400, 403, 302, 302, 302),
            state=lambda ctx: Product.objects.filter(ownerships__organization__slug="acme").count(),
            writers=W_ORG,
            data=new_product_form,
        ),
    ],  # fmt: skip
    "catalog:edit": [
        Case(
            "GET",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            statuses(302, 404, 403, 200, 200, 200),
        ),
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            statuses(302, 404, 403, 302, 302, 302),
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"kind": "mooc", "title_en": "Renamed", "outcomes": "x"},
        ),
    ],  # fmt: skip
    "catalog:product_review": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/review/",
            statuses(302, 404, 403, 302, 302, 302),
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],  # fmt: skip
    "catalog:review": [
        Case("GET", lambda ctx: "/en/catalog/review/", statuses(302, 403, 403, 403, 403, 200))
    ],
    "catalog:export": [Case("GET", lambda ctx: "/en/catalog/export/csv/", everyone(200))],
    "catalog:import": [
        Case("GET", lambda ctx: "/en/catalog/import/", statuses(302, 200, 403, 200, 200, 200)),
        # The outsider edits Globex only: its choice of Acme is refused by the form.
        Case(
            "POST",
            lambda ctx: "/en/catalog/import/",
            statuses(302, 400, 403, 302, 302, 302),
            state=runs,
            writers=W_ORG,
            data=upload,
        ),
    ],
    "catalog:import_run": [Case("GET", lambda ctx: f"/en/catalog/import/{ctx.run_id}/", RUN_READ)],
    "catalog:import_confirm": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/import/{ctx.run_id}/confirm/",
            statuses(302, 404, 404, 302, 404, 302),
            state=runs,
            writers=W_RUN,
        )
    ],
    "admin:index": [Case("GET", lambda ctx: "/en/admin/", statuses(*[302] * 5, 200))],
    "demand:postings": [Case("GET", lambda ctx: "/en/demand/", DEMAND_READ)],
    "demand:posting": [
        Case("GET", lambda ctx: f"/en/demand/postings/{ctx.posting_id}/", DEMAND_READ)
    ],
    "demand:ingest": [
        Case("GET", lambda ctx: "/en/demand/ingest/", OPERATOR_ONLY_PAGE),
        Case(
            "POST",
            lambda ctx: "/en/demand/ingest/",
            statuses(302, 403, 403, 403, 403, 302),
            data=postings_upload,
            state=ingest_state,
            writers={OPERATOR},
        ),
    ],
    "demand:analytics": [Case("GET", lambda ctx: "/en/demand/analytics/", DEMAND_READ)],
    "demand:analytics_export": [
        Case("GET", lambda ctx: "/en/demand/analytics/top-skills.csv", DEMAND_READ)
    ],
    "demand:requests": [Case("GET", fixed("/en/demand/requests/"), REQUEST_READ)],
    "demand:request_new": [
        Case("GET", fixed("/en/demand/requests/new/"), statuses(302, 200, 403, 200, 200, 200)),
        Case(
            "POST",
            fixed("/en/demand/requests/new/"),
            statuses(302, 400, 403, 302, 302, 302),
            data=request_form,
            state=request_state,
            writers=W_REQUEST,
        ),
    ],
    "demand:request": [
        Case("GET", lambda ctx: f"/en/demand/requests/{ctx.request_id}/", REQUEST_READ)
    ],
    "demand:request_edit": [
        Case(
            "GET",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/edit/",
            statuses(302, 403, 403, 200, 200, 200),
        ),
        Case(
            "POST",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/edit/",
            statuses(302, 403, 403, 302, 302, 302),
            data=request_form,
            state=request_state,
            writers=W_REQUEST,
        ),
    ],
    "demand:request_status": [
        Case(
            "POST",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/status/",
            statuses(302, 403, 403, 302, 302, 302),
            data=lambda ctx, persona: {"status": "closed", "outcome": "met"},
            state=request_state,
            writers=W_REQUEST,
        )
    ],
    "matching:skill_add": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/products/{ctx.product.slug}/skills/",
            statuses(302, 404, 403, 302, 302, 302),
            data=lambda ctx, persona: {"skill": "Python (computer programming)"},
            state=product_skill_state,
            writers=W_PRODUCT_SKILLS,
        )
    ],
    "matching:skill_decide": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/products/{ctx.product.slug}/skills/{ctx.skill_id}/",
            statuses(302, 404, 403, 302, 302, 302),
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
            statuses(302, 403, 403, 302, 302, 302),
            data=lambda ctx, persona: {"product": ctx.ask_slug, "message": "Spring?"},
            state=offer_state,
            writers=W_EMPLOYER,
        )  # fmt: skip
    ],
    "matching:offer_make": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/requests/{ctx.request_id}/offer/",
            statuses(302, 302, 400, 400, 400, 302),
            data=respond_form,
            state=offer_state,
            writers=W_OWNER,
        )  # fmt: skip
    ],
    "matching:offer_decline": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/offers/{ctx.offer_id}/decline/",
            statuses(302, 302, 403, 403, 403, 302),
            data=lambda ctx, persona: {f"decline-{ctx.offer_id}-reason": "Full"},
            state=offer_state,
            writers=W_OWNER,
        )  # fmt: skip
    ],
    "matching:offer_decide": [
        Case(
            "POST",
            lambda ctx: f"/en/matching/offers/{ctx.offered_id}/decide/",
            statuses(302, 404, 403, 302, 302, 302),
            data=lambda ctx, persona: {f"decide-{ctx.offered_id}-decision": "accepted"},
            state=offer_state,
            writers=W_EMPLOYER,
        )  # fmt: skip
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
    "demand:run": [
        Case("GET", lambda ctx: f"/en/demand/runs/{ctx.ingest_id}/", OPERATOR_ONLY_PAGE)
    ],
    "skills:taxonomy": [Case("GET", lambda ctx: "/en/skills/?q=python", everyone(200))],
    "skills:skill": [Case("GET", lambda ctx: f"/en/skills/{ctx.skill_id}/", everyone(200))],
    "skills:occupation": [
        Case("GET", lambda ctx: f"/en/skills/occupations/{ctx.occupation_id}/", everyone(200))
    ],
    "skills:extract": [Case("GET", lambda ctx: "/en/skills/extract/", statuses(302, *[200] * 5))],
    "skills:skill_alias_add": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/{ctx.skill_id}/aliases/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"language": "ru", "text": "питон"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:occupation_alias_add": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/occupations/{ctx.occupation_id}/aliases/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"language": "ru", "text": "кодер"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:alias_edit": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/aliases/{ctx.alias_id}/",
            OPERATOR_PAGE,
            data=lambda ctx, persona: {"text": "пайтон"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "skills:alias_delete": [
        Case(
            "POST",
            lambda ctx: f"/en/skills/aliases/{ctx.alias_id}/delete/",
            OPERATOR_PAGE,
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/openapi.json": [Case("GET", lambda ctx: "/api/openapi.json", everyone(200))],
    "GET /api/docs": [Case("GET", lambda ctx: "/api/docs", everyone(200))],
    "GET /api/accounts/me": [
        Case("GET", lambda ctx: "/api/accounts/me", statuses(401, *[200] * 5))
    ],
    "GET /api/accounts/tokens": [
        Case("GET", lambda ctx: "/api/accounts/tokens", statuses(401, *[200] * 5))
    ],
    "POST /api/accounts/tokens": [
        Case(
            "POST",
            lambda ctx: "/api/accounts/tokens",
            statuses(401, *[201] * 5),
            json=True,
            data=lambda ctx, persona: {"name": "ci"},
            state=token_state,
            writers={OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR},
        )  # fmt: skip
    ],
    "DELETE /api/accounts/tokens/{token_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/accounts/tokens/{ctx.token_id}",
            statuses(401, 404, 404, 404, 204, 404),
            state=token_state,
            writers={ADMIN},
        )
    ],  # fmt: skip
    "GET /api/organizations/reference/priority-areas": [
        Case("GET", lambda ctx: "/api/organizations/reference/priority-areas", everyone(200))
    ],
    "GET /api/organizations/reference/fields-of-education": [
        Case("GET", lambda ctx: "/api/organizations/reference/fields-of-education", everyone(200))
    ],
    "GET /api/organizations/": [Case("GET", lambda ctx: "/api/organizations/", everyone(200))],
    "POST /api/organizations/": [
        Case(
            "POST",
            lambda ctx: "/api/organizations/",
            everyone(201),
            json=True,
            data=application_json,
            state=lambda ctx: Organization.objects.count(),
            writers=set(PERSONAS),
        )  # fmt: skip
    ],
    "GET /api/organizations/{slug}": [
        Case("GET", slug_path("/api/organizations/{slug}"), everyone(200))
    ],
    "PATCH /api/organizations/{slug}": [
        Case(
            "PATCH",
            slug_path("/api/organizations/{slug}"),
            statuses(401, 403, 403, 200, 200, 200),
            json=True,
            data=lambda ctx, persona: {"name_en": "Acme Renamed"},
            state=org_state,
            writers=W_ORG,
        )
    ],  # fmt: skip
    "POST /api/organizations/{slug}/status": [
        Case(
            "POST",
            slug_path("/api/organizations/{slug}/status"),
            statuses(401, 403, 403, 403, 403, 200),
            json=True,
            state=org_state,
            data=lambda ctx, persona: {"status": "suspended", "reason": "Dues unpaid"},
            writers={OPERATOR},
        )
    ],  # fmt: skip
    "GET /api/organizations/{slug}/status-history": [
        Case(
            "GET",
            slug_path("/api/organizations/{slug}/status-history"),
            statuses(401, 403, 200, 200, 200, 200),
        )
    ],  # fmt: skip
    "GET /api/organizations/{slug}/members": [
        Case(
            "GET",
            slug_path("/api/organizations/{slug}/members"),
            statuses(401, 403, 200, 200, 200, 200),
        )
    ],  # fmt: skip
    "PUT /api/organizations/{slug}/members": [
        Case(
            "PUT",
            slug_path("/api/organizations/{slug}/members"),
            statuses(401, 403, 403, 403, 200, 200),
            json=True,
            state=people_state,
            writers=W_PEOPLE,
            data=lambda ctx, persona: {"email": "new.person@acme.example", "role": "editor"},
        )
    ],  # fmt: skip
    "DELETE /api/organizations/{slug}/members/{user_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/organizations/acme/members/{ctx.users[VIEWER].pk}",
            statuses(401, 403, 403, 403, 204, 204),
            state=people_state,
            writers=W_PEOPLE,
        )
    ],  # fmt: skip
    "GET /api/catalog/products": [Case("GET", lambda ctx: "/api/catalog/products", everyone(200))],
    "GET /api/catalog/export": [
        Case("GET", lambda ctx: "/api/catalog/export?format=elm", everyone(200))
    ],
    "GET /api/catalog/products-removed": [
        Case(
            "GET",
            lambda ctx: "/api/catalog/products-removed?since=2026-01-01T00:00:00Z",
            everyone(200),
        )
    ],
    "POST /api/catalog/imports": [
        Case(
            "POST",
            lambda ctx: "/api/catalog/imports",
            statuses(401, 403, 403, 202, 202, 202),
            state=runs,
            writers=W_ORG,
            data=upload,
        )
    ],
    "GET /api/catalog/imports": [
        Case("GET", lambda ctx: "/api/catalog/imports", statuses(401, 200, 200, 200, 200, 200))
    ],
    "GET /api/catalog/imports/{run_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "POST /api/catalog/imports/{run_id}/confirm": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/confirm",
            statuses(401, 404, 404, 202, 404, 202),
            state=runs,
            writers=W_RUN,
        )
    ],
    "GET /api/catalog/suggest": [
        Case("GET", lambda ctx: "/api/catalog/suggest?q=prog", everyone(200))
    ],
    "POST /api/catalog/products": [
        Case(
            "POST",
            lambda ctx: "/api/catalog/products",
            statuses(401, 403, 403, 201, 201, 201),
            json=True,
            state=lambda ctx: Product.objects.count(),
            writers=W_ORG,
            data=lambda ctx, persona: {"owner": "acme", "kind": "module", "title_ru": "Модуль"},
        )
    ],  # fmt: skip
    "GET /api/catalog/products/{slug}": [
        Case("GET", lambda ctx: f"/api/catalog/products/{ctx.product.slug}", DRAFT_READ)
    ],
    "PATCH /api/catalog/products/{slug}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"title_en": "Renamed"},
        )
    ],  # fmt: skip
    "POST /api/catalog/products/{slug}/review": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/review",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],  # fmt: skip
    "POST /api/catalog/products/{slug}/stage": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/stage",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"stage": "development"},
        )
    ],  # fmt: skip
    "POST /api/catalog/products/{slug}/owners": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/owners",
            statuses(401, 404, 403, 201, 201, 201),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"organization": "globex"},
        )
    ],  # fmt: skip
    "DELETE /api/catalog/products/{slug}/owners/{organization}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/owners/initech",
            statuses(401, 404, 403, 204, 204, 204),
            state=product_state,
            writers=W_ORG,
        )
    ],  # fmt: skip
    "POST /api/catalog/products/{slug}/offerings": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings",
            statuses(401, 404, 403, 201, 201, 201),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: OFFERING,
        )
    ],  # fmt: skip
    "PUT /api/catalog/products/{slug}/offerings/{offering_id}": [
        Case(
            "PUT",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings/{ctx.offering_id}",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: OFFERING,
        )
    ],  # fmt: skip
    "GET /api/skills": [Case("GET", lambda ctx: "/api/skills?q=python", everyone(200))],
    "GET /api/skills/{skill_id}": [
        Case("GET", lambda ctx: f"/api/skills/{ctx.skill_id}", everyone(200))
    ],
    "GET /api/skills/occupations": [
        Case("GET", lambda ctx: "/api/skills/occupations?q=dev", everyone(200))
    ],
    "GET /api/skills/occupations/{occupation_id}": [
        Case("GET", lambda ctx: f"/api/skills/occupations/{ctx.occupation_id}", everyone(200))
    ],
    "POST /api/skills/extract": [
        Case(
            "POST",
            lambda ctx: "/api/skills/extract",
            statuses(401, *[200] * 5),
            json=True,
            data=lambda ctx, persona: {"text": "Python developer"},
        )
    ],
    "GET /api/skills/aliases": [
        Case("GET", lambda ctx: "/api/skills/aliases", statuses(401, *[200] * 5))
    ],
    "POST /api/skills/aliases": [
        Case(
            "POST",
            lambda ctx: "/api/skills/aliases",
            statuses(401, 403, 403, 403, 403, 201),
            json=True,
            data=lambda ctx, persona: {
                "uri": "http://data.europa.eu/esco/skill/python",
                "language": "ru",
                "text": "питон",
            },
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "PATCH /api/skills/aliases/{alias_id}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/skills/aliases/{ctx.alias_id}",
            OPERATOR_API,
            json=True,
            data=lambda ctx, persona: {"text": "пайтон"},
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "DELETE /api/skills/aliases/{alias_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/skills/aliases/{ctx.alias_id}",
            statuses(401, 403, 403, 403, 403, 204),
            state=alias_state,
            writers=W_ALIAS,
        )
    ],
    "POST /api/demand/postings:batch": [
        Case(
            "POST",
            lambda ctx: "/api/demand/postings:batch",
            statuses(401, 403, 403, 403, 403, 201),
            json=True,
            data=lambda ctx, persona: {
                "source": "api",
                "extract": False,
                "postings": [{"external_id": "x-1", "title": "Chemist", "text": "Analyses."}],
            },
            state=ingest_state,
            writers={OPERATOR},
        )
    ],
    **{
        f"GET /api/demand/analytics/{name}": [
            Case("GET", fixed(f"/api/demand/analytics/{name}"), DEMAND_API_READ)
        ]
        for name in (
            "top-skills",
            "top-occupations",
            "rising",
            "monthly",
            "groups",
            "priority-areas",
        )  # fmt: skip
    },
    "GET /api/demand/analytics/skills/{skill_id}/trend": [
        Case(
            "GET",
            lambda ctx: f"/api/demand/analytics/skills/{ctx.skill_id}/trend",
            DEMAND_API_READ,
        )
    ],
    "GET /api/demand/runs": [Case("GET", lambda ctx: "/api/demand/runs", OPERATOR_ONLY_API)],
    "GET /api/demand/runs/{run_id}": [
        Case("GET", lambda ctx: f"/api/demand/runs/{ctx.ingest_id}", OPERATOR_ONLY_API)
    ],
    "GET /api/demand/postings": [Case("GET", lambda ctx: "/api/demand/postings", DEMAND_API_READ)],
    "GET /api/demand/postings/{posting_id}": [
        Case("GET", lambda ctx: f"/api/demand/postings/{ctx.posting_id}", DEMAND_API_READ)
    ],
    "GET /api/demand/requests": [Case("GET", fixed("/api/demand/requests"), REQUEST_API_READ)],
    "POST /api/demand/requests": [
        Case(
            "POST",
            fixed("/api/demand/requests"),
            statuses(401, 403, 403, 201, 201, 201),
            json=True,
            data=request_json,
            state=request_state,
            writers=W_REQUEST,
        )
    ],
    "GET /api/demand/requests/{request_id}": [
        Case("GET", lambda ctx: f"/api/demand/requests/{ctx.request_id}", REQUEST_API_READ)
    ],
    "PATCH /api/demand/requests/{request_id}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/demand/requests/{ctx.request_id}",
            statuses(401, 403, 403, 200, 200, 200),
            json=True,
            data=lambda ctx, persona: {"headcount": 7},
            state=request_state,
            writers=W_REQUEST,
        )
    ],
    "POST /api/demand/requests/{request_id}/status": [
        Case(
            "POST",
            lambda ctx: f"/api/demand/requests/{ctx.request_id}/status",
            statuses(401, 403, 403, 200, 200, 200),
            json=True,
            data=lambda ctx, persona: {"status": "closed", "outcome": "met"},
            state=request_state,
            writers=W_REQUEST,
        )
    ],
    # the draft's demand: members' staff read demand, but the outsider cannot see the draft
    "GET /api/matching/products/{slug}/demand": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/demand",
            statuses(401, 404, 200, 200, 200, 200),
        )  # fmt: skip
    ],
    "GET /api/matching/products/{slug}/skills": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/skills",
            statuses(404, 404, 200, 200, 200, 200),
        )
    ],
    "POST /api/matching/products/{slug}/skills": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/products/{ctx.product.slug}/skills",
            statuses(401, 404, 403, 201, 201, 201),
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
            statuses(401, 404, 403, 200, 200, 200),
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
            REQUEST_API_READ,
        )
    ],
    "GET /api/matching/coverage/occupations/{occupation_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/matching/coverage/occupations/{ctx.occupation_id}",
            everyone(200),
        )
    ],
    "GET /api/matching/offers": [Case("GET", fixed("/api/matching/offers"), DEMAND_API_READ)],
    "GET /api/matching/offers/{offer_id}": [
        Case("GET", lambda ctx: f"/api/matching/offers/{ctx.offer_id}", DEMAND_API_READ)
    ],
    "GET /api/matching/covered-requests": [
        Case("GET", fixed("/api/matching/covered-requests"), DEMAND_API_READ)
    ],
    "POST /api/matching/requests/{request_id}/asks": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/requests/{ctx.request_id}/asks",
            statuses(401, 403, 403, 201, 201, 201),
            json=True,
            data=lambda ctx, persona: {"product": ctx.ask_slug},
            state=offer_state,
            writers=W_EMPLOYER,
        )  # fmt: skip
    ],
    "POST /api/matching/requests/{request_id}/offers": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/requests/{ctx.request_id}/offers",
            statuses(401, 201, 403, 403, 403, 201),
            json=True,
            data=lambda ctx, persona: {"product": ctx.globex_slug, "answer": "Yes"},
            state=offer_state,
            writers=W_OWNER,
        )  # fmt: skip
    ],
    "POST /api/matching/offers/{offer_id}/decline": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/offers/{ctx.offer_id}/decline",
            statuses(401, 200, 403, 403, 403, 200),
            json=True,
            data=lambda ctx, persona: {"reason": "Full"},
            state=offer_state,
            writers=W_OWNER,
        )  # fmt: skip
    ],
    "POST /api/matching/offers/{offer_id}/decide": [
        Case(
            "POST",
            lambda ctx: f"/api/matching/offers/{ctx.offered_id}/decide",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            data=lambda ctx, persona: {"accept": True},
            state=offer_state,
            writers=W_EMPLOYER,
        )  # fmt: skip
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
    "GET /api/core/audit": [
        Case("GET", lambda ctx: "/api/core/audit", statuses(401, 403, 403, 403, 403, 200))
    ],
}

CASES = [
    pytest.param(case, persona, id=f"{key}#{index}-{persona}")
    for table in (PAGES, API)
    for key, cases in table.items()
    for index, case in enumerate(cases)
    for persona in PERSONAS
]


@pytest.fixture
def context(organization, all_personas) -> Context:
    token, _secret = api_token_create(user=all_personas[ADMIN], name="existing")
    editor = all_personas[EDITOR]
    product = catalog.product_create(
        owner=organization, actor=editor,
        fields={"kind": "mooc", "title_en": "Draft course", "summary_en": "Summary"},
        outcomes=[("Explains the basics", "en")],
    )  # fmt: skip
    # A partner with no persona in it, so that co-ownership changes nobody's rights here.
    catalog.product_owner_add(
        product=product, organization=make_organization("initech"), actor=editor
    )
    offering = catalog.offering_save(
        product=product, actor=editor,
        fields={"starts_on": date(2027, 2, 1), "ends_on": date(2027, 3, 1), "is_online": True},
    )  # fmt: skip
    preview = import_run(run=import_start(
        actor=editor, data=CSV_FILE, file_name="catalog.csv", owner=organization, enqueue=False
    ))  # fmt: skip
    skill = Skill.objects.create(
        uri="http://data.europa.eu/esco/skill/python", label="Python (computer programming)"
    )
    occupation = Occupation.objects.create(
        uri="http://data.europa.eu/esco/occupation/dev", label="software developer"
    )
    alias = SkillAlias.objects.create(
        uri=skill.uri, language="ru", text="питон-3", source="operator"
    )
    ingest, _repeated = ingest_records(
        actor=all_personas[OPERATOR], source="matrix", extract=False,
        records=[{"external_id": "m-1", "title": "Welder", "text": "Welds pipes."}],
    )  # fmt: skip
    ProductSkill.objects.create(  # found in the outcomes, not reviewed yet
        product=product, skill=skill, origin=ProductSkill.Origin.EXTRACTOR, score=0.9
    )
    demand = request_create(
        organization=organization, actor=editor, skills=[SkillChoice(skill=skill)],
        fields={"title": "Developers", "description": "Python services.", "headcount": 3,
                "needed_by": date(2027, 6, 1)},
    )  # fmt: skip
    proposal = Proposal.objects.create(
        title_ru="Курс", title_en="Course", start=date(2026, 1, 1), end=date(2026, 6, 1),
        outcomes=[{"ru": "Владеет: Python", "en": "Can Python"}],
    )  # fmt: skip
    proposal.skills.set([skill])
    initech, globex = (
        Organization.objects.get(slug="initech"),
        Organization.objects.get(slug="globex"),
    )

    def published(owner, title):
        made = catalog.product_create(
            owner=owner,
            actor=all_personas[OPERATOR],
            fields={"kind": "module", "title_en": title},
            outcomes=[],
        )
        Product.objects.filter(pk=made.pk).update(status=Product.Status.PUBLISHED)
        return made

    globex_course, initech_course = published(globex, "Globex"), published(initech, "Initech")
    asked = Offer.objects.create(request=demand, product=globex_course, organization=globex,
                                 status=Offer.Status.ASKED)  # fmt: skip
    offered = Offer.objects.create(request=demand, product=initech_course, organization=initech,
                                   status=Offer.Status.OFFERED, answer="Ours")  # fmt: skip
    return Context(
        offer_id=asked.pk, offered_id=offered.pk, globex_slug=globex_course.slug,
        ask_slug=published(initech, "Initech 2").slug,
        proposal_id=proposal.pk,
        request_id=demand.pk,
        posting_id=JobPosting.objects.get(external_id="m-1").pk,
        ingest_id=ingest.pk,
        organization=organization, users=all_personas, token_id=token.pk, product=product,
        offering_id=offering.pk, run_id=preview.pk, skill_id=skill.pk,
        occupation_id=occupation.pk, alias_id=alias.pk,
    )  # fmt: skip


@pytest.mark.parametrize(("case", "persona"), CASES)
def test_authorization(client, context, case: Case, persona: str):
    user = context.users[persona]
    if user is not None:
        client.force_login(user)
    before = case.state(context) if case.state else None
    payload = case.data(context, persona) if case.data else {}
    call = getattr(client, case.method.lower())
    if case.json:
        response = call(case.path(context), payload, content_type="application/json")
    elif case.method in ("GET", "POST"):
        response = call(case.path(context), payload)
    else:
        response = call(case.path(context))
    assert response.status_code == case.expected[persona], response.content[:500]
    if case.state:
        after = case.state(context)
        if persona in case.writers:
            assert after != before, "an allowed write changed nothing"
        else:
            assert after == before, "a refused call changed something"


def _page_routes(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue  # API operations are checked against the OpenAPI document
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _page_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or str(pattern.pattern))


def test_every_route_has_a_row():
    routes = set(_page_routes(get_resolver().url_patterns))
    # Django's admin is one guarded site (OperatorAdminSite.has_permission), proven by its index.
    routes = {route for route in routes if not route.startswith("admin:")} | {"admin:index"}
    assert routes - set(PAGES) == set()
    operations = {
        f"{method.upper()} {path}"
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    } | {"GET /api/openapi.json", "GET /api/docs"}
    assert operations - set(API) == set()
    assert set(PAGES) - routes == set()
    assert set(API) - operations == set()
