"""Projects' API rows of the authorization matrix (see authorization.py)."""

from edcluster.projects.tests.matrix_setup import (
    LEAD,
    LEAD_API,
    LEAD_API_201,
    LINES,
    LINES_API,
    LINES_API_201,
    READ_API,
    A,
    own_participant,
    path,
    start_form,
    state,
)
from edcluster.testing.authorization import PARTNER, Case, everyone, fixed, statuses


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
    "GET /api/projects/": [Case("GET", fixed("/api/projects/"), everyone(200))],
    "POST /api/projects/": [
        _api(
            "POST",
            "/api/projects/",
            statuses(401, 403, 403, 201, 201, 201) | {PARTNER: 403},
            data=lambda ctx, persona: {
                "lead": "acme",
                "kind": "research",
                "title_en": "Sensors",
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-31",
            },
            writers=LEAD,
        )
    ],
    "GET /api/projects/{project_id}": [
        Case("GET", path(A), READ_API),
        Case("GET", path("/api/projects/{ctx.public_project_id}"), everyone(200)),
    ],
    "PATCH /api/projects/{project_id}": [
        _api("PATCH", A, LEAD_API, lambda ctx, p: {"title_en": "Renamed"}, LEAD)
    ],
    "POST /api/projects/{project_id}/status": [
        _api(
            "POST",
            A + "/status",
            LEAD_API,
            lambda ctx, p: {"status": "active", "on": "2026-02-01"},
            LEAD,
        )
    ],
    "POST /api/projects/from-proposal/{proposal_id}": [
        _api(
            "POST",
            "/api/projects/from-proposal/{ctx.accepted_proposal_id}",
            statuses(401, 404, 403, 201, 201, 201),
            start_form,
            LEAD,
        )
    ],
    "POST /api/projects/{project_id}/participants": [
        _api(
            "POST",
            A + "/participants",
            LEAD_API_201,
            lambda ctx, p: {"organization": "globex", "role": "partner"},
            LEAD,
        )
    ],
    "PATCH /api/projects/{project_id}/participants/{participant_id}": [
        _api(
            "PATCH",
            A + "/participants/{ctx.initech_participant_id}",
            LINES_API,
            lambda ctx, p: {"tasks_en": "Pilots the course"},
            LINES,
        ),
        # Another participant's editor changes its tasks, never its role.
        _api(
            "PATCH",
            A + "/participants/{ctx.initech_participant_id}",
            LEAD_API,
            lambda ctx, p: {"role": "industrial"},
            LEAD,
        ),
    ],
    "DELETE /api/projects/{project_id}/participants/{participant_id}": [
        _api("DELETE", A + "/participants/{ctx.initech_participant_id}", LEAD_API, None, LEAD)
    ],
    "POST /api/projects/{project_id}/milestones": [
        _api(
            "POST",
            A + "/milestones",
            LEAD_API_201,
            lambda ctx, p: {"title_en": "Launch", "due_on": "2026-06-01"},
            LEAD,
        )
    ],
    "PATCH /api/projects/{project_id}/milestones/{milestone_id}": [
        _api(
            "PATCH",
            A + "/milestones/{ctx.milestone_id}",
            LEAD_API,
            lambda ctx, p: {"done_on": "2026-08-30"},
            LEAD,
        )
    ],
    "DELETE /api/projects/{project_id}/milestones/{milestone_id}": [
        _api("DELETE", A + "/milestones/{ctx.milestone_id}", LEAD_API, None, LEAD)
    ],
    "POST /api/projects/{project_id}/deliverables": [
        _api(
            "POST",
            A + "/deliverables",
            LINES_API_201,
            lambda ctx, persona: {
                "milestone": ctx.milestone_id,
                "participant": own_participant(ctx, persona),
                "kind": "publication",
                "title_en": "Paper",
            },
            LINES,
        )
    ],
    "PATCH /api/projects/{project_id}/deliverables/{deliverable_id}": [
        _api(
            "PATCH",
            A + "/deliverables/{ctx.initech_deliverable_id}",
            LINES_API,
            lambda ctx, p: {"title_en": "Final report"},
            LINES,
        ),
        _api(
            "PATCH",
            A + "/deliverables/{ctx.acme_deliverable_id}",
            LEAD_API,
            lambda ctx, p: {"title_en": "Final report"},
            LEAD,
        ),
    ],
    "DELETE /api/projects/{project_id}/deliverables/{deliverable_id}": [
        _api("DELETE", A + "/deliverables/{ctx.initech_deliverable_id}", LINES_API, None, LINES)
    ],
    "POST /api/projects/{project_id}/budget-lines": [
        _api(
            "POST",
            A + "/budget-lines",
            LINES_API_201,
            lambda ctx, persona: {
                "participant": own_participant(ctx, persona),
                "year": 2027,
                "category": "equipment",
                "source": "regional",
                "planned": "2500.50",
                "currency": "RUB",
            },
            LINES,
        )
    ],
    "PATCH /api/projects/{project_id}/budget-lines/{line_id}": [
        _api(
            "PATCH",
            A + "/budget-lines/{ctx.initech_line_id}",
            LINES_API,
            lambda ctx, p: {"planned": "1200"},
            LINES,
        ),
        _api(
            "PATCH",
            A + "/budget-lines/{ctx.acme_line_id}",
            LEAD_API,
            lambda ctx, p: {"planned": "1200"},
            LEAD,
        ),
    ],
    "DELETE /api/projects/{project_id}/budget-lines/{line_id}": [
        _api("DELETE", A + "/budget-lines/{ctx.initech_line_id}", LINES_API, None, LINES)
    ],
    "PUT /api/projects/{project_id}/programme": [
        _api(
            "PUT",
            "/api/projects/{ctx.programme_project_id}/programme",
            LEAD_API | {PARTNER: 404},
            lambda ctx, p: {"scheme": "double", "languages": ["ru", "en"], "intake_per_year": 20},
            LEAD,
        )
    ],
    "PUT /api/projects/{project_id}/laboratory": [
        _api(
            "PUT",
            "/api/projects/{ctx.lab_project_id}/laboratory",
            LEAD_API | {PARTNER: 404},
            lambda ctx, p: {"host": "acme", "city": "Tomsk"},
            LEAD,
        )
    ],
    "PUT /api/projects/{project_id}/laboratory/outputs/{year}": [
        _api(
            "PUT",
            "/api/projects/{ctx.lab_project_id}/laboratory/outputs/2025",
            LEAD_API | {PARTNER: 404},
            lambda ctx, p: {"publications": 7},
            LEAD,
        )
    ],
}
