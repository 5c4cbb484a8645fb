"""Projects' rows of the authorization matrix (config/tests/test_authorization_matrix.py).

Acme leads an internal project where Initech (the partner editor's) takes part: Acme's staff,
Initech's and operators read it, anyone else gets 404; Acme's editors and operators change
everything, Initech's editor only Initech's lines (its participant row, budget lines and
deliverables: 403 on Acme's). Globex leads a public project that anyone reads."""

from edcluster.projects.tests.authorization_api import API
from edcluster.projects.tests.matrix_setup import (
    LEAD,
    LEAD_GET_PAGE,
    LEAD_PAGE_POST,
    LINES,
    LINES_PAGE_POST,
    READ_PAGE,
    P,
    arrange,
    own_participant,
    path,
    project_form,
    start_form,
    state,
)
from edcluster.testing.authorization import (
    APPLICANT,
    PARTNER,
    SUSPENDED,
    Case,
    everyone,
    fixed,
    statuses,
)

__all__ = ["API", "PAGES", "arrange"]

PAGES: dict[str, list[Case]] = {
    "projects:list": [Case("GET", fixed("/en/projects/"), everyone(200))],
    "projects:new": [
        Case(
            "GET",
            fixed("/en/projects/new/"),
            statuses(302, 200, 403, 200, 200, 200) | {PARTNER: 200, APPLICANT: 403, SUSPENDED: 403},
        ),
        Case(
            "POST",
            fixed("/en/projects/new/"),
            # Acme is not among the outsider's or the partner's leads: the form again.
            statuses(302, 400, 403, 302, 302, 302) | {PARTNER: 400, APPLICANT: 403},
            data=project_form,
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:project": [
        Case("GET", path(P), READ_PAGE),
        Case("GET", path("/en/projects/{ctx.public_project_id}/"), everyone(200)),
    ],
    "projects:edit": [
        Case(
            "GET",
            path(P + "edit/"),
            LEAD_GET_PAGE | {PARTNER: 403},
        ),
        Case(
            "POST",
            path(P + "edit/"),
            LEAD_PAGE_POST,
            data=lambda ctx, persona: {
                "kind": "product",
                "title_en": "Renamed",
                "starts_on": "2026-01-01",
                "ends_on": "2027-12-31",
            },
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:status": [
        Case(
            "POST",
            path(P + "status/"),
            LEAD_PAGE_POST,
            data=lambda ctx, persona: {"status": "active", "on": "2026-02-01"},
            state=state,
            writers=LEAD,
        )
    ],
    "projects:from_proposal": [
        Case(
            "GET",
            path("/en/projects/from-proposal/{ctx.accepted_proposal_id}/"),
            statuses(302, 404, 403, 200, 200, 200) | {SUSPENDED: 403},
        ),
        Case(
            "POST",
            path("/en/projects/from-proposal/{ctx.accepted_proposal_id}/"),
            statuses(302, 404, 403, 302, 302, 302),
            data=start_form,
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:programme": [
        Case(
            "GET",
            path("/en/projects/{ctx.programme_project_id}/programme/"),
            LEAD_GET_PAGE,
        ),
        Case(
            "POST",
            path("/en/projects/{ctx.programme_project_id}/programme/"),
            LEAD_PAGE_POST | {PARTNER: 404},
            data=lambda ctx, persona: {
                "scheme": "double",
                "languages": "ru, zh",
                "intake_per_year": "25",
                f"years_{ctx.programme_lead_id}": "2",
            },
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:laboratory": [
        Case("GET", path("/en/projects/{ctx.lab_project_id}/laboratory/"), LEAD_GET_PAGE),
        Case(
            "POST",
            path("/en/projects/{ctx.lab_project_id}/laboratory/"),
            LEAD_PAGE_POST | {PARTNER: 404},
            data=lambda ctx, persona: {
                "host": str(ctx.organization.pk),
                "country": "CN",
                "city": "Changchun",
            },
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:laboratory_output": [
        Case(
            "POST",
            path("/en/projects/{ctx.lab_project_id}/laboratory/outputs/"),
            LEAD_PAGE_POST | {PARTNER: 404},
            data=lambda ctx, persona: {
                "year": "2025",
                "publications": "3",
                "patents": "1",
                "theses": "0",
                "students": "12",
            },
            state=state,
            writers=LEAD,
        )
    ],
    "projects:line_add": [
        Case(
            "POST",
            path(P + "participant/"),
            LEAD_PAGE_POST,
            data=lambda ctx, persona: {"organization": str(ctx.public_org_pk), "role": "partner"},
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "milestone/"),
            LEAD_PAGE_POST,
            data=lambda ctx, persona: {"title_en": "Launch", "due_on": "2026-06-01"},
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "deliverable/"),
            LINES_PAGE_POST,
            data=lambda ctx, persona: {
                "milestone": str(ctx.milestone_id),
                "participant": str(own_participant(ctx, persona)),
                "kind": "report",
                "title_en": "Findings",
            },
            state=state,
            writers=LINES,
        ),
        Case(
            "POST",
            path(P + "budget/"),
            LINES_PAGE_POST,
            data=lambda ctx, persona: {
                "participant": str(own_participant(ctx, persona)),
                "year": "2026",
                "category": "travel",
                "source": "grant",
                "planned": "500",
                "spent": "0",
                "currency": "EUR",
            },
            state=state,
            writers=LINES,
        ),
    ],
    "projects:line_done": [
        Case(
            "POST",
            path(P + "milestone/{ctx.milestone_id}/done/"),
            LEAD_PAGE_POST,
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "deliverable/{ctx.initech_deliverable_id}/done/"),
            LINES_PAGE_POST,
            state=state,
            writers=LINES,
        ),
        Case(
            "POST",
            path(P + "deliverable/{ctx.acme_deliverable_id}/done/"),
            LEAD_PAGE_POST,
            state=state,
            writers=LEAD,
        ),
    ],
    "projects:line_remove": [
        Case(
            "POST",
            path(P + "participant/{ctx.initech_participant_id}/remove/"),
            LEAD_PAGE_POST,
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "milestone/{ctx.milestone_id}/remove/"),
            LEAD_PAGE_POST,
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "deliverable/{ctx.initech_deliverable_id}/remove/"),
            LINES_PAGE_POST,
            state=state,
            writers=LINES,
        ),
        Case(
            "POST",
            path(P + "deliverable/{ctx.acme_deliverable_id}/remove/"),
            LEAD_PAGE_POST,
            state=state,
            writers=LEAD,
        ),
        Case(
            "POST",
            path(P + "budget/{ctx.initech_line_id}/remove/"),
            LINES_PAGE_POST,
            state=state,
            writers=LINES,
        ),
    ],
}
