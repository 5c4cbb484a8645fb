"""Mobility's rows of the authorization matrix (config/tests/test_authorization_matrix.py);
the arrangement is described in authorization_support.py."""

from edcluster.accounts.models import User
from edcluster.mobility.tests.authorization_stay import STAY_API, STAY_PAGES
from edcluster.mobility.tests.authorization_support import (
    OFFICE,
    SIGNED_IN,
    applications_state,
    apply_form,
    arrange,
    case_state,
    cases_state,
    document_state,
    messages_state,
    move_form,
    nomination_state,
    path,
    profile_form,
    profiles_state,
    reviewers_state,
    scores_state,
    upload_form,
)
from edcluster.testing.authorization import (
    ANON,
    APPLICANT,
    OPERATOR,
    OUTSIDER,
    PARTNER,
    SUSPENDED,
    VIEWER,
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
WIZARD_PAGE = everyone(404) | {ANON: 302, APPLICANT: 302}
# Scoring: only the intake's assigned reviewer (Acme's viewer).
REVIEWER_PAGE = statuses(302, 404, 302, 403, 403, 403) | {APPLICANT: 403}
REVIEWER_API = statuses(401, 404, 200, 403, 403, 403) | {APPLICANT: 403}
# Nominating with an unknown condition: 400 naming it for who may nominate, nothing stored.
NOMINATE_PAGE = statuses(302, 404, 403, 400, 400, 400) | {APPLICANT: 403, SUSPENDED: 403}
NOMINATE_API = statuses(401, 404, 403, 400, 400, 400) | {APPLICANT: 400, SUSPENDED: 403}
DASHBOARD_PAGE = statuses(302, 404, 200, 200, 200, 200) | {APPLICANT: 404, PARTNER: 404}
DASHBOARD_API = statuses(401, 404, 200, 200, 200, 200) | {APPLICANT: 404, PARTNER: 404}
# Deleting an open case: refused (400) to its applicant and operators, 403 to the office.
ERASE_PAGE = statuses(302, 404, 403, 403, 403, 400) | {APPLICANT: 400}
ERASE_API = statuses(401, 404, 403, 403, 403, 400) | {APPLICANT: 400}
REVIEW_PAGE = statuses(302, 403, 200, 200, 200, 200) | {APPLICANT: 403}
MESSAGE_API = statuses(401, 404, 403, 201, 201, 201) | {APPLICANT: 201}


def message_form(ctx, persona: str) -> dict:
    return {"body": "When does the review end?"}


def reviewer_form(ctx, persona: str) -> dict:
    return {"email": ctx.users[OUTSIDER].email}


def bulk_form(ctx, persona: str) -> dict:
    return {"ids": [ctx.mobility_application_id]}


def nominate_form(ctx, persona: str) -> dict:
    return {"condition_id": 999999}


EVERY_SIGNED_IN_API = everyone(200) | {ANON: 401}


def sign_up_form(ctx, persona: str) -> dict:
    """A new applicant's account: made for the anonymous caller (inactive), the signed-in are
    sent to the intakes (the page) or refused (the API)."""
    return {
        "first_name": "An",
        "last_name": "Nguyen",
        "email": "an.nguyen@matrix.example",
        "password": "Blue-harbour-2026!",
        "password2": "Blue-harbour-2026!",
    }


def users_state(ctx) -> int:
    return User.objects.count()


NO_LETTER = everyone(404) | {ANON: 302}


def partner_nominate_form(ctx, persona: str) -> dict:
    """The applicant's case under an unknown condition: refused naming `condition`."""
    return {
        "email": ctx.users[APPLICANT].email,
        "intake_id": ctx.mobility_intake_id,
        "condition_id": 999999,
    }


PAGES: dict[str, list[Case]] = {
    "mobility:home": [Case("GET", fixed("/en/mobility/"), everyone(200))],
    "mobility:signup": [
        Case("GET", fixed("/en/mobility/sign-up/"), everyone(302) | {ANON: 200}),
        Case(
            "POST",
            fixed("/en/mobility/sign-up/"),
            everyone(302) | {ANON: 200},
            data=sign_up_form,
            state=users_state,
            writers={ANON},
        ),
    ],
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
    # The wizard's first steps before a draft: anyone signed in fills in their own profile.
    "mobility:apply_step": [
        Case(
            "GET",
            path("/en/mobility/intakes/{ctx.mobility_intake2_id}/apply/profile/"),
            EVERY_SIGNED_IN_PAGE,
        ),
        Case(
            "POST",
            path("/en/mobility/intakes/{ctx.mobility_intake2_id}/apply/profile/"),
            everyone(302),
            data=profile_form,
            state=profiles_state,
            writers=SIGNED_IN,
        ),
    ],
    # A case's wizard is its applicant's own; submitted, it sends them to the status page.
    "mobility:wizard": [
        Case("GET", path(CASE + "apply/review/"), WIZARD_PAGE),
        Case("POST", path(CASE + "apply/review/"), WIZARD_PAGE, state=case_state),
    ],
    "mobility:wizard_upload": [
        Case(
            "POST",
            path(CASE + "apply/documents/{ctx.mobility_document_id}/"),
            WIZARD_PAGE,
            data=upload_form,
            state=document_state,
        )
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
    # The case is submitted with documents missing: every visible case is refused (409).
    "mobility:bulk_move": [
        Case(
            "POST",
            fixed("/en/mobility/cases/move/"),
            everyone(409) | {ANON: 302},
            data=bulk_form,
            state=cases_state,
        )
    ],
    "mobility:board": [Case("GET", fixed("/en/mobility/cases/deadlines/"), EVERY_SIGNED_IN_PAGE)],
    "mobility:message": [
        Case(
            "POST",
            path(CASE + "messages/"),
            ACT_PAGE,
            data=message_form,
            state=messages_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "mobility:nominate": [
        Case(
            "POST",
            path(CASE + "nominate/"),
            NOMINATE_PAGE,
            data=nominate_form,
            state=nomination_state,
        )
    ],
    "mobility:score": [
        Case(
            "POST",
            path(CASE + "score/"),
            REVIEWER_PAGE,
            data=lambda ctx, persona: {f"criterion_{ctx.mobility_criterion_id}": "7"},
            state=scores_state,
            writers={VIEWER},
        )
    ],
    "mobility:erase": [
        Case(
            "POST",
            path(CASE + "delete/"),
            ERASE_PAGE,
            data=lambda ctx, persona: {},
            state=cases_state,
        )
    ],
    "mobility:own_data": [Case("GET", fixed("/en/mobility/my-data/"), EVERY_SIGNED_IN_PAGE)],
    "mobility:review": [
        Case("GET", path("/en/mobility/intakes/{ctx.mobility_intake_id}/review/"), REVIEW_PAGE),
        Case(
            "POST",
            path("/en/mobility/intakes/{ctx.mobility_intake_id}/review/"),
            statuses(302, 403, 403, 302, 302, 302) | {APPLICANT: 403},
            data=reviewer_form,
            state=reviewers_state,
            writers=OFFICE,
        ),
    ],
    "mobility:flows": [
        Case("GET", fixed("/en/mobility/flows/"), everyone(403) | {ANON: 302, OPERATOR: 200})
    ],
    "mobility:flows_export": [
        Case("GET", fixed("/en/mobility/flows/csv/"), everyone(403) | {ANON: 302, OPERATOR: 200})
    ],
    # The dashboard: operators (all members) and the staff of a hosting member (Acme's);
    # anyone else 404 (Globex, the partner and the applicant host nothing).
    "mobility:dashboard": [Case("GET", fixed("/en/mobility/dashboard/"), DASHBOARD_PAGE)],
    "mobility:dashboard_export": [
        Case("GET", fixed("/en/mobility/dashboard/funnel/csv/"), DASHBOARD_PAGE)
    ],
    # The case is only submitted: no letter yet, for anyone (test_letters covers the rest).
    "mobility:letter": [Case("GET", path(CASE + "letters/acceptance/"), NO_LETTER)],
    # Only a foreign partner's staff nominate there: no persona works for the one sending
    # partner (Jilin) of the arrangement, so the page is 404 to all, and nothing changes.
    "mobility:nominations": [
        Case("GET", fixed("/en/mobility/nominations/"), everyone(404) | {ANON: 302}),
        Case(
            "POST",
            fixed("/en/mobility/nominations/"),
            everyone(404) | {ANON: 302},
            data=partner_nominate_form,
            state=nomination_state,
        ),
    ],
}

API: dict[str, list[Case]] = {
    "POST /api/mobility/sign-up": [
        Case(
            "POST",
            fixed("/api/mobility/sign-up"),
            everyone(403) | {ANON: 202},
            json=True,
            data=sign_up_form,
            state=users_state,
            writers={ANON},
        )
    ],
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
            REVIEWER_API,
            json=True,
            data=lambda ctx, persona: {"criterion_id": ctx.mobility_criterion_id, "value": 7},
            state=scores_state,
            writers={VIEWER},
        )
    ],
    "GET /api/mobility/nominations": [
        Case("GET", fixed("/api/mobility/nominations"), EVERY_SIGNED_IN_API)
    ],
    "POST /api/mobility/nominations": [
        Case(
            "POST",
            fixed("/api/mobility/nominations"),
            everyone(400) | {ANON: 401},
            json=True,
            data=partner_nominate_form,
            state=nomination_state,
        )
    ],
    "POST /api/mobility/applications/{application_id}/nomination": [
        Case(
            "POST",
            path(API_CASE + "/nomination"),
            NOMINATE_API,
            json=True,
            data=nominate_form,
            state=nomination_state,
        )
    ],
    "GET /api/mobility/applications/{application_id}/messages": [
        Case("GET", path(API_CASE + "/messages"), READ_API)
    ],
    "POST /api/mobility/applications/{application_id}/messages": [
        Case(
            "POST",
            path(API_CASE + "/messages"),
            MESSAGE_API,
            json=True,
            data=message_form,
            state=messages_state,
            writers=OFFICE | {APPLICANT},
        )
    ],
    "POST /api/mobility/applications/{application_id}/erase": [
        Case(
            "POST",
            path(API_CASE + "/erase"),
            ERASE_API,
            json=True,
            data=lambda ctx, persona: {"reason": ""},
            state=cases_state,
        )
    ],
    "GET /api/mobility/deadlines": [
        Case("GET", fixed("/api/mobility/deadlines"), EVERY_SIGNED_IN_API)
    ],
    "POST /api/mobility/cases/move": [
        Case(
            "POST",
            fixed("/api/mobility/cases/move"),
            EVERY_SIGNED_IN_API,
            json=True,
            data=bulk_form,
            state=cases_state,
        )
    ],
    "POST /api/mobility/intakes/{intake_id}/reviewers": [
        Case(
            "POST",
            path("/api/mobility/intakes/{ctx.mobility_intake_id}/reviewers"),
            statuses(401, 403, 403, 204, 204, 204),
            json=True,
            data=reviewer_form,
            state=reviewers_state,
            writers=OFFICE,
        )
    ],
    "GET /api/mobility/me/data": [Case("GET", fixed("/api/mobility/me/data"), EVERY_SIGNED_IN_API)],
    "GET /api/mobility/cases": [Case("GET", fixed("/api/mobility/cases"), EVERY_SIGNED_IN_API)],
    "GET /api/mobility/stats": [Case("GET", fixed("/api/mobility/stats"), DASHBOARD_API)],
    "GET /api/mobility/stats/countries": [
        Case(
            "GET",
            fixed("/api/mobility/stats/countries"),
            everyone(403) | {ANON: 401, OPERATOR: 200},
        )
    ],
}
PAGES |= STAY_PAGES
API |= STAY_API
