"""Mobility's matrix rows for the stay (a dormitory bed and a buddy), merged into
authorization.py. The arranged case is only submitted: the office's offer and assignment are
refused naming `stage` (400), the applicant's answer naming `accommodation` (no bed is
offered); nothing is stored for anyone."""

from edcluster.mobility.models import Accommodation, BuddyMatch
from edcluster.mobility.tests.authorization_support import path
from edcluster.testing.authorization import APPLICANT, SUSPENDED, Case, statuses

CASE = "/en/mobility/applications/{ctx.mobility_application_id}/"
API_CASE = "/api/mobility/applications/{ctx.mobility_application_id}"

# Reading the stay: the applicant, the host's staff and operators; anyone else 404.
READ_API = statuses(401, 404, 200, 200, 200, 200) | {APPLICANT: 200}
# The office's offer and assignment: refused for the stage (400); the applicant 403.
OFFICE_PAGE = statuses(302, 404, 403, 400, 400, 400) | {APPLICANT: 403, SUSPENDED: 403}
OFFICE_API = statuses(401, 404, 403, 400, 400, 400) | {APPLICANT: 403, SUSPENDED: 403}
# The applicant's answer: refused, no bed offered (400); the office 403.
ANSWER_PAGE = statuses(302, 404, 403, 403, 403, 403) | {APPLICANT: 400}
ANSWER_API = statuses(401, 404, 403, 403, 403, 403) | {APPLICANT: 400}


def stay_state(ctx) -> tuple[int, int]:
    return Accommodation.objects.count(), BuddyMatch.objects.count()


def offer_form(ctx, persona: str) -> dict:
    return {
        "dormitory": 999999,
        "room": "101",
        "from_date": "2031-09-01",
        "until_date": "2031-12-01",
    }


def answer_form(ctx, persona: str) -> dict:
    return {"answer": "accept"}


def buddy_form(ctx, persona: str) -> dict:
    return {"buddy_id": 999999}


def _post(url: str, expected: dict, data, *, json: bool = False) -> list[Case]:
    return [Case("POST", path(url), expected, data=data, json=json, state=stay_state)]


STAY_PAGES: dict[str, list[Case]] = {
    "mobility:stay_offer": _post(CASE + "bed/", OFFICE_PAGE, offer_form),
    "mobility:stay_answer": _post(CASE + "bed/answer/", ANSWER_PAGE, answer_form),
    "mobility:stay_buddy": _post(CASE + "buddy/", OFFICE_PAGE, buddy_form),
}

STAY_API: dict[str, list[Case]] = {
    "GET /api/mobility/applications/{application_id}/accommodation": [
        Case("GET", path(API_CASE + "/accommodation"), READ_API)
    ],
    "POST /api/mobility/applications/{application_id}/accommodation": _post(
        API_CASE + "/accommodation", OFFICE_API, offer_form, json=True
    ),
    "POST /api/mobility/applications/{application_id}/accommodation/answer": _post(
        API_CASE + "/accommodation/answer",
        ANSWER_API,
        lambda ctx, persona: {"accept": True},
        json=True,
    ),
    "GET /api/mobility/applications/{application_id}/buddy": [
        Case("GET", path(API_CASE + "/buddy"), READ_API)
    ],
    "POST /api/mobility/applications/{application_id}/buddy": _post(
        API_CASE + "/buddy", OFFICE_API, buddy_form, json=True
    ),
}
