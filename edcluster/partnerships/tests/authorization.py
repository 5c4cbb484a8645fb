"""Partnerships' rows of the authorization matrix (config/tests/test_authorization_matrix.py).

What they arrange: Jilin (a foreign partner with no staff here, a unit and a contact); a draft
MoU kept by Acme with Initech (the partner editor's organization) and Jilin as parties and one
condition; and a mobility agreement of Acme and Jilin both signed (Jilin's recorded on its
behalf, with the signed copy), with its PDF and one condition.

Who: partners are read by the staff of members (admitted or suspended) and operators, and added
or edited by admitted members' editors and operators (the outsider, another member's admin,
included; the applicant, whose organization is not admitted, is refused). An agreement is read by
its parties' staff (Initech's editor reads the MoU, not the mobility agreement) and operators;
changed by the keeping member's editors and operators; signed by each member party's editors for
their own organization, and by nobody else (an operator signs for no member; the keeping
member's editors and operators record a partner's signature)."""

from edcluster.partnerships.tests.authorization_api import API
from edcluster.partnerships.tests.authorization_support import (
    A_FORM,
    A_POST,
    A_READ,
    P_FORM,
    P_POST,
    P_READ,
    S_FORM,
    S_POST,
    S_READ,
    W_PARTNERS,
    W,
    agreement_form,
    agreements_state,
    arrange,
    behalf_form,
    condition_form,
    draft_path,
    draft_state,
    partner_state,
    signature_data,
    signed_path,
    signed_state,
)
from edcluster.testing.authorization import (
    APPLICANT,
    OPERATOR,
    PARTNER,
    Case,
    statuses,
)

__all__ = ["API", "PAGES", "arrange"]

PAGES: dict[str, list[Case]] = {
    "partnerships:partners": [Case("GET", lambda ctx: "/en/partnerships/partners/", P_READ)],
    "partnerships:map": [Case("GET", lambda ctx: "/en/partnerships/map/?year=2027", P_READ)],
    "partnerships:map_export": [
        Case("GET", lambda ctx: "/en/partnerships/map/partner-countries.csv", P_READ),
        Case("GET", lambda ctx: "/en/partnerships/map/partner-countries.xlsx?kind=mou", P_READ),
    ],
    "partnerships:partner": [
        Case("GET", lambda ctx: f"/en/partnerships/partners/{ctx.partner.slug}/", P_READ)
    ],
    "partnerships:partner_new": [
        Case("GET", lambda ctx: "/en/partnerships/partners/new/", P_FORM),
        Case(
            "POST",
            lambda ctx: "/en/partnerships/partners/new/",
            P_POST,
            data=lambda ctx, persona: {
                "name_en": "Ulsan",
                "kind": "foreign_university",
                "country": "KR",
            },
            state=partner_state,
            writers=W_PARTNERS,
        ),
    ],
    "partnerships:partner_edit": [
        Case("GET", lambda ctx: f"/en/partnerships/partners/{ctx.partner.slug}/edit/", P_FORM),
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/partners/{ctx.partner.slug}/edit/",
            P_POST,
            data=lambda ctx, persona: {
                "name_en": "Jilin University",
                "kind": "foreign_university",
                "country": "CN",
                "internet_domain": "jlu.edu.cn",
                "erasmus_code": "CN JILIN01",
            },
            state=partner_state,
            writers=W_PARTNERS,
        ),
    ],
    "partnerships:partner_unit": [
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/partners/{ctx.partner.slug}/units/",
            P_POST,
            data=lambda ctx, persona: {"unit_id": "jlu-phys", "name_en": "Physics"},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "partnerships:partner_contact": [
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/partners/{ctx.partner.slug}/contacts/",
            P_POST,
            data=lambda ctx, persona: {"role": "Dean", "name": "Wang Fang"},
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "partnerships:contact_remove": [
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/contacts/{ctx.contact_id}/remove/",
            P_POST,
            state=partner_state,
            writers=W_PARTNERS,
        )
    ],
    "partnerships:agreements": [
        Case("GET", lambda ctx: "/en/partnerships/", statuses(302, 200, 200, 200, 200, 200))
    ],
    "partnerships:agreement_new": [
        Case("GET", lambda ctx: "/en/partnerships/new/", P_FORM),
        Case(
            "POST",
            lambda ctx: "/en/partnerships/new/",
            # another member's staff may not choose Acme: the form again
            statuses(302, 200, 403, 302, 302, 302) | {APPLICANT: 403, PARTNER: 200},
            data=agreement_form,
            state=agreements_state,
            writers=W,
        ),
    ],
    "partnerships:agreement": [
        Case("GET", draft_path(), A_READ),
        Case("GET", signed_path(), S_READ),
    ],
    "partnerships:history": [Case("GET", draft_path("history/"), A_READ)],
    "partnerships:agreement_pdf": [Case("GET", signed_path("agreement.pdf"), S_READ)],
    "partnerships:agreement_iia": [Case("GET", signed_path("iia.xml"), S_READ)],
    "partnerships:signature_pdf": [
        Case("GET", lambda ctx: f"/en/partnerships/signatures/{ctx.signature_id}.pdf", S_READ)
    ],
    "partnerships:agreement_edit": [
        Case("GET", draft_path("edit/"), A_FORM),
        Case(
            "POST",
            draft_path("edit/"),
            A_POST,
            data=lambda ctx, persona: {"code": "MOU-2", "kind": "mou", "valid_from": "2026-09-01"},
            state=draft_state,
            writers=W,
        ),
    ],
    "partnerships:condition_new": [
        Case("GET", draft_path("conditions/new/"), A_FORM),
        Case(
            "POST",
            draft_path("conditions/new/"),
            A_POST,
            data=condition_form,
            state=draft_state,
            writers=W,
        ),
    ],
    "partnerships:condition_edit": [
        Case(
            "GET", lambda ctx: f"/en/partnerships/conditions/{ctx.draft_condition_id}/edit/", A_FORM
        ),
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/conditions/{ctx.draft_condition_id}/edit/",
            A_POST,
            data=condition_form,
            state=draft_state,
            writers=W,
        ),
    ],
    "partnerships:condition_delete": [
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/conditions/{ctx.draft_condition_id}/delete/",
            A_POST,
            state=draft_state,
            writers=W,
        )
    ],
    "partnerships:quota": [
        Case(
            "POST",
            lambda ctx: f"/en/partnerships/conditions/{ctx.signed_condition_id}/quota/",
            S_POST,
            data=lambda ctx, persona: {"academic_year": "2026/2027", "used": "2"},
            state=signed_state,
            writers=W,
        )
    ],
    "partnerships:sign": [
        Case("GET", draft_path("sign/"), A_FORM | {PARTNER: 200, OPERATOR: 403}),
        Case(
            "POST",
            draft_path("sign/"),
            A_POST | {PARTNER: 302, OPERATOR: 403},
            data=signature_data,
            state=draft_state,
            writers=(W - {OPERATOR}) | {PARTNER},
        ),
    ],
    "partnerships:record_signature": [
        Case("GET", draft_path("record-signature/"), A_FORM),
        Case(
            "POST",
            draft_path("record-signature/"),
            A_POST,
            data=behalf_form,
            state=draft_state,
            writers=W,
        ),
    ],
    "partnerships:amend": [
        Case(
            "POST",
            signed_path("amend/"),
            S_POST,
            data=lambda ctx, persona: {"note": "More."},
            state=signed_state,
            writers=W,
        )
    ],
    "partnerships:terminate": [
        Case("GET", signed_path("terminate/"), S_FORM),
        Case(
            "POST",
            signed_path("terminate/"),
            S_POST,
            data=lambda ctx, persona: {"on": "2027-01-01", "reason": "Ends."},
            state=signed_state,
            writers=W,
        ),
    ],
}
