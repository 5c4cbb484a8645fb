"""Partnerships' API rows of the authorization matrix (see authorization.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.partnerships.demo import DEMO_PDF
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.tests.authorization_support import (
    A_READ_API,
    P_READ_API,
    S_READ_API,
    W_PARTNERS,
    W,
    agreement_json,
    agreements_state,
    api,
    behalf_api,
    condition_json,
    draft_state,
    partner_state,
    signature_data,
    signed_state,
)
from edcluster.testing.authorization import (
    APPLICANT,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    VIEWER,
    Case,
    statuses,
)

BASE = "/api/partnerships"


def api_draft(suffix: str = ""):
    return lambda ctx: f"{BASE}/agreements/{ctx.draft_id}{suffix}"


def api_signed(suffix: str = ""):
    return lambda ctx: f"{BASE}/agreements/{ctx.signed_id}{suffix}"


P_API_WRITE = statuses(401, 201, 403, 201, 201, 201) | {APPLICANT: 403}

API: dict[str, list[Case]] = {
    "GET /api/partnerships/partners": [Case("GET", lambda ctx: f"{BASE}/partners", P_READ_API)],
    "GET /api/partnerships/map": [Case("GET", lambda ctx: f"{BASE}/map?group=east", P_READ_API)],
    "POST /api/partnerships/partners": [
        Case(
            "POST",
            lambda ctx: f"{BASE}/partners",
            P_API_WRITE,
            json=True,
            data=lambda ctx, persona: {
                "name_en": "Ulsan",
                "kind": "foreign_university",
                "country": "KR",
            },
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "GET /api/partnerships/partners/{slug}": [
        Case("GET", lambda ctx: f"{BASE}/partners/{ctx.partner.slug}", P_READ_API)
    ],
    "PATCH /api/partnerships/partners/{slug}": [
        Case(
            "PATCH",
            lambda ctx: f"{BASE}/partners/{ctx.partner.slug}",
            statuses(401, 200, 403, 200, 200, 200) | {APPLICANT: 403},
            json=True,
            data=lambda ctx, persona: {"erasmus_code": "CN JILIN01"},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "POST /api/partnerships/partners/{slug}/units": [
        Case(
            "POST",
            lambda ctx: f"{BASE}/partners/{ctx.partner.slug}/units",
            P_API_WRITE,
            json=True,
            data=lambda ctx, persona: {"unit_id": "jlu-phys", "name_en": "Physics"},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "POST /api/partnerships/partners/{slug}/contacts": [
        Case(
            "POST",
            lambda ctx: f"{BASE}/partners/{ctx.partner.slug}/contacts",
            P_API_WRITE,
            json=True,
            data=lambda ctx, persona: {"role": "Dean", "name": "Wang Fang", "unit_id": "jlu-chem"},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "DELETE /api/partnerships/contacts/{contact_id}": [
        Case(
            "DELETE",
            lambda ctx: f"{BASE}/contacts/{ctx.contact_id}",
            statuses(401, 204, 403, 204, 204, 204) | {APPLICANT: 403},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "GET /api/partnerships/agreements": [
        Case("GET", lambda ctx: f"{BASE}/agreements", statuses(401, 200, 200, 200, 200, 200))
    ],
    "POST /api/partnerships/agreements": [
        Case(
            "POST",
            lambda ctx: f"{BASE}/agreements",
            statuses(401, 403, 403, 201, 201, 201) | {APPLICANT: 404, SUSPENDED: 403},
            json=True,
            data=agreement_json,
            state=agreements_state,
            writers=W,
        )
    ],
    "GET /api/partnerships/agreements/{agreement_id}": [
        Case("GET", api_draft(), A_READ_API),
        Case("GET", api_signed(), S_READ_API),
    ],
    "PATCH /api/partnerships/agreements/{agreement_id}": [
        Case(
            "PATCH",
            api_draft(),
            api(200),
            json=True,
            data=lambda ctx, persona: {"code": "MOU-2"},
            state=draft_state,
            writers=W,
        ),
        # signed: 409 for who may write, and nothing changes
        Case(
            "PATCH",
            api_signed(),
            api(409, signed=True),
            json=True,
            data=lambda ctx, persona: {"code": "IIA-2"},
            state=signed_state,
        ),
    ],
    "POST /api/partnerships/agreements/{agreement_id}/pdf": [
        Case(
            "POST",
            api_draft("/pdf"),
            api(200),
            data=lambda ctx, persona: {
                "file": SimpleUploadedFile("a.pdf", DEMO_PDF, "application/pdf")
            },
            state=lambda ctx: bool(Agreement.objects.get(pk=ctx.draft_id).pdf_name),
            writers=W,
        )
    ],
    "GET /api/partnerships/agreements/{agreement_id}/pdf": [
        Case("GET", api_signed("/pdf"), S_READ_API)
    ],
    "GET /api/partnerships/agreements/{agreement_id}/iia.xml": [
        Case("GET", api_signed("/iia.xml"), S_READ_API)
    ],
    "GET /api/partnerships/signatures/{signature_id}/pdf": [
        Case("GET", lambda ctx: f"{BASE}/signatures/{ctx.signature_id}/pdf", S_READ_API)
    ],
    "GET /api/partnerships/agreements/{agreement_id}/versions": [
        Case("GET", api_draft("/versions"), A_READ_API)
    ],
    "GET /api/partnerships/agreements/{agreement_id}/versions/{number}/facts": [
        Case("GET", api_draft("/versions/1/facts"), A_READ_API)
    ],
    "GET /api/partnerships/agreements/{agreement_id}/conditions": [
        Case("GET", api_draft("/conditions"), A_READ_API)
    ],
    "POST /api/partnerships/agreements/{agreement_id}/conditions": [
        Case(
            "POST",
            api_draft("/conditions"),
            api(201),
            json=True,
            data=condition_json,
            state=draft_state,
            writers=W,
        )
    ],
    "PUT /api/partnerships/conditions/{condition_id}": [
        Case(
            "PUT",
            lambda ctx: f"{BASE}/conditions/{ctx.draft_condition_id}",
            api(200),
            json=True,
            data=condition_json,
            state=draft_state,
            writers=W,
        )
    ],
    "DELETE /api/partnerships/conditions/{condition_id}": [
        Case(
            "DELETE",
            lambda ctx: f"{BASE}/conditions/{ctx.draft_condition_id}",
            api(204),
            state=draft_state,
            writers=W,
        )
    ],
    "POST /api/partnerships/conditions/{condition_id}/quota-use": [
        Case(
            "POST",
            lambda ctx: f"{BASE}/conditions/{ctx.signed_condition_id}/quota-use",
            api(200, signed=True),
            json=True,
            data=lambda ctx, persona: {"academic_year": "2026/2027", "used": 2},
            state=signed_state,
            writers=W,
        )
    ],
    "POST /api/partnerships/agreements/{agreement_id}/signatures": [
        Case(
            "POST",
            api_draft("/signatures"),
            api(201, partner=201) | {VIEWER: 403, OPERATOR: 403},
            json=True,
            data=signature_data,
            state=draft_state,
            writers=(W - {OPERATOR}) | {PARTNER},
        )
    ],
    "POST /api/partnerships/agreements/{agreement_id}/signatures/on-behalf": [
        Case(
            "POST",
            api_draft("/signatures/on-behalf"),
            api(201),
            data=behalf_api,
            state=draft_state,
            writers=W,
        )
    ],
    "POST /api/partnerships/agreements/{agreement_id}/amend": [
        Case(
            "POST",
            api_signed("/amend"),
            api(201, signed=True),
            json=True,
            data=lambda ctx, persona: {"note": "More."},
            state=signed_state,
            writers=W,
        )
    ],
    "POST /api/partnerships/agreements/{agreement_id}/terminate": [
        Case(
            "POST",
            api_signed("/terminate"),
            api(200, signed=True),
            json=True,
            data=lambda ctx, persona: {"on": "2027-01-01", "reason": "Ends."},
            state=signed_state,
            writers=W,
        )
    ],
}
