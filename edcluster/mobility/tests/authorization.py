"""Mobility's rows of the authorization matrix (config/tests/test_authorization_matrix.py);
the arrangement is described in authorization_support.py."""

from edcluster.mobility.tests.authorization_support import (
    OFFICE,
    SIGNED_IN,
    applications_state,
    apply_form,
    arrange,
    case_state,
    document_state,
    move_form,
    path,
    profile_form,
    profiles_state,
    scores_state,
    upload_form,
)
from edcluster.testing.authorization import (
    ANON,
    APPLICANT,
    OPERATOR,
    Case,
    everyone,
    fixed,
    statuses,
)

__all__ = ["API", "PAGES", "arrange"]

CASE = "/en/mobility/applications/{ctx.mobility_application_id}/"
DOCUMENT = CASE + "documents/{ctx.mobility_document_id}/"
API_CASE = "/api/mobility/applications/{ctx.mobility_application_id}"
API_DOCUMENT = API_CASE + "/documents/{ctx.mobility_document_id}"

# Reading a case: Acme's staff, the applicant, operators; anyone else 404.
READ_PAGE = statuses(302, 404, 200, 200, 200, 200) | {APPLICANT: 200}
READ_API = statuses(401, 404, 200, 200, 200, 200) | {APPLICANT: 200}
# Moving it or uploading: the office and the applicant; Acme's viewer 403.
ACT_PAGE = statuses(302, 404, 403, 302, 302, 302) | {APPLICANT: 302}
ACT_API = statuses(401, 404, 403, 200, 200, 200) | {APPLICANT: 200}
# The office's own work (checking a file, scoring): the applicant 403.
OFFICE_PAGE = statuses(302, 404, 403, 302, 302, 302) | {APPLICANT: 403}
OFFICE_API = statuses(401, 404, 403, 200, 200, 200) | {APPLICANT: 403}
EVERY_SIGNED_IN_PAGE = everyone(200) | {ANON: 302}
EVERY_SIGNED_IN_API = everyone(200) | {ANON: 401}

PAGES: dict[str, list[Case]] = {
    "mobility:home": [Case("GET", fixed("/en/mobility/"), everyone(200))],
    "mobility:intake": [
        Case("GET", path("/en/mobility/intakes/{ctx.mobility_intake_id}/"), everyone(200))
    ],
    "mobility:apply": [
        # Without an applicant profile: sent to fill it in first.
        Case(
            "GET",
            path("/en/mobility/intakes/{ctx.mobility_intake2_id}/apply/"),
            everyone(302) | {APPLICANT: 200},
        ),
        Case(
            "POST",
            path("/en/mobility/intakes/{ctx.mobility_intake2_id}/apply/"),
            everyone(302),
            data=apply_form,
            state=applications_state,
            writers={APPLICANT},
        ),
    ],
    "mobility:profile": [
        Case("GET", fixed("/en/mobility/profile/"), EVERY_SIGNED_IN_PAGE),
        Case(
            "POST",
            fixed("/en/mobility/profile/"),
            everyone(302),
            data=profile_form,
            state=profiles_state,
            writers=SIGNED_IN,
        ),
    ],
    "mobility:mine": [Case("GET", fixed("/en/mobility/applications/"), EVERY_SIGNED_IN_PAGE)],
    "mobility:application": [Case("GET", path(CASE), READ_PAGE)],
    "mobility:move": [
        Case(
            "POST",
            path(CASE + "move/"),
            ACT_PAGE,
            data=move_form,
            state=case_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "mobility:upload": [
        Case(
            "POST",
            path(DOCUMENT + "upload/"),
            ACT_PAGE,
            data=upload_form,
            state=document_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "mobility:check": [
        Case(
            "POST",
            path(DOCUMENT + "check/"),
            OFFICE_PAGE,
            data=lambda ctx, persona: {"accept": "yes"},
            state=document_state,
            writers=OFFICE,
        )
    ],
    "mobility:file": [Case("GET", path(DOCUMENT + "file/"), READ_PAGE)],
    "mobility:cases": [Case("GET", fixed("/en/mobility/cases/"), EVERY_SIGNED_IN_PAGE)],
    "mobility:flows": [
        Case("GET", fixed("/en/mobility/flows/"), everyone(403) | {ANON: 302, OPERATOR: 200})
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/mobility/intakes": [Case("GET", fixed("/api/mobility/intakes"), everyone(200))],
    "GET /api/mobility/intakes/{intake_id}": [
        Case("GET", path("/api/mobility/intakes/{ctx.mobility_intake_id}"), everyone(200))
    ],
    "GET /api/mobility/intakes/{intake_id}/ranking": [
        Case(
            "GET",
            path("/api/mobility/intakes/{ctx.mobility_intake_id}/ranking"),
            statuses(401, 403, 200, 200, 200, 200),
        )
    ],
    "GET /api/mobility/profile": [
        Case("GET", fixed("/api/mobility/profile"), everyone(404) | {ANON: 401, APPLICANT: 200})
    ],
    "PUT /api/mobility/profile": [
        Case(
            "PUT",
            fixed("/api/mobility/profile"),
            EVERY_SIGNED_IN_API,
            json=True,
            data=profile_form,
            state=profiles_state,
            writers=SIGNED_IN,
        )
    ],
    "GET /api/mobility/applications": [
        Case("GET", fixed("/api/mobility/applications"), EVERY_SIGNED_IN_API)
    ],
    "POST /api/mobility/applications": [
        # Without an applicant profile: 400 naming it.
        Case(
            "POST",
            fixed("/api/mobility/applications"),
            everyone(400) | {ANON: 401, APPLICANT: 201},
            json=True,
            data=apply_form,
            state=applications_state,
            writers={APPLICANT},
        )
    ],
    "GET /api/mobility/applications/{application_id}": [Case("GET", path(API_CASE), READ_API)],
    "POST /api/mobility/applications/{application_id}/transition": [
        Case(
            "POST",
            path(API_CASE + "/transition"),
            ACT_API,
            json=True,
            data=move_form,
            state=case_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "POST /api/mobility/applications/{application_id}/documents/{document_id}": [
        Case(
            "POST",
            path(API_DOCUMENT),
            ACT_API,
            data=upload_form,
            state=document_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "POST /api/mobility/applications/{application_id}/documents/{document_id}/check": [
        Case(
            "POST",
            path(API_DOCUMENT + "/check"),
            OFFICE_API,
            json=True,
            data=lambda ctx, persona: {"accept": True},
            state=document_state,
            writers=OFFICE,
        )
    ],
    "GET /api/mobility/applications/{application_id}/documents/{document_id}/file": [
        Case("GET", path(API_DOCUMENT + "/file"), READ_API)
    ],
    "POST /api/mobility/applications/{application_id}/scores": [
        Case(
            "POST",
            path(API_CASE + "/scores"),
            OFFICE_API,
            json=True,
            data=lambda ctx, persona: {"criterion_id": ctx.mobility_criterion_id, "value": 7},
            state=scores_state,
            writers=OFFICE,
        )
    ],
    "GET /api/mobility/cases": [Case("GET", fixed("/api/mobility/cases"), EVERY_SIGNED_IN_API)],
    "GET /api/mobility/stats/countries": [
        Case(
            "GET",
            fixed("/api/mobility/stats/countries"),
            everyone(403) | {ANON: 401, OPERATOR: 200},
        )
    ],
}
