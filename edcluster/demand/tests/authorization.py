"""Demand's rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.demand.models import DemandRequest, IngestRun, JobPosting
from edcluster.demand.tests.factories import postings_make, request_make
from edcluster.testing.authorization import (
    ADMIN,
    ANON,
    APPLICANT,
    EDITOR,
    OPERATOR,
    SUSPENDED,
    Case,
    Context,
    everyone,
    fixed,
    statuses,
)


def ingest_state(ctx: Context) -> tuple:
    return IngestRun.objects.count(), JobPosting.objects.count()


def postings_upload(ctx: Context, persona: str) -> dict:
    csv_file = b"external_id,title,text\nu-1,Engineer,Designs engines.\n"
    return {
        "file": SimpleUploadedFile("postings.csv", csv_file, "text/csv"),
        "source": "hh",
        "format": "",
        "extract": "",
    }


# Admitted members' staff and operators read the market's demand (a suspended member's staff
# no longer do); only operators ingest it.
DEMAND_READ = statuses(302, *[200] * 5) | {
    SUSPENDED: 403,
    APPLICANT: 403,
}  # the "outsider" is another member's
DEMAND_API_READ = statuses(401, *[200] * 5) | {SUSPENDED: 403, APPLICANT: 403}
OPERATOR_ONLY_PAGE = statuses(302, 403, 403, 403, 403, 200)
OPERATOR_ONLY_API = statuses(401, 403, 403, 403, 403, 200)


# Employers' requests: members' staff read the open ones; the employer's editors (and operators)
# state and change them; the "outsider" edits for Globex, so it may state demand for Globex only.
REQUEST_READ = statuses(302, *[200] * 5)
REQUEST_API_READ = statuses(401, *[200] * 5)
W_REQUEST = {EDITOR, ADMIN, OPERATOR}
# Hooli's held request: members do not see it until Hooli is admitted; Hooli and operators do.
HELD_READ = everyone(404) | {ANON: 302, APPLICANT: 200, OPERATOR: 200}


def request_state(ctx: Context) -> tuple:
    demand = DemandRequest.objects.get(pk=ctx.request_id)
    return (
        DemandRequest.objects.count(),
        demand.title,
        demand.status,
        demand.headcount,
        tuple(demand.skill_links.values_list("skill_id", "importance")),
    )


def request_form(ctx: Context, persona: str) -> dict:
    # The applicant states demand for Hooli, its own (not admitted) organization: held.
    return {
        "organization": "hooli" if persona == APPLICANT else "acme",
        "title": "Welders",
        "description": "Pipes.",
        "headcount": "2",
        "needed_by": "2027-05-01",
        "add_skills": "Python (computer programming)",
        "action": "save",
    }


def request_json(ctx: Context, persona: str) -> dict:
    return {
        "organization": "hooli" if persona == APPLICANT else "acme",
        "title": "Welders",
        "description": "Pipes.",
        "headcount": 2,
        "needed_by": "2027-05-01",
        "skills": [{"skill": "http://data.europa.eu/esco/skill/python"}],
    }


def arrange(ctx: Context) -> None:
    """An operator's ingestion of one posting, and Acme's request for the skill."""
    ingest = postings_make(
        [{"external_id": "m-1", "title": "Welder", "text": "Welds pipes."}],
        actor=ctx.users[OPERATOR],
        source="matrix",
    )
    ctx.ingest_id = ingest.pk
    ctx.posting_id = JobPosting.objects.get(external_id="m-1").pk
    ctx.request = request_make(
        ctx.organization,
        actor=ctx.users[EDITOR],
        skills=[ctx.skill],
        title="Developers",
        description="Python services.",
        headcount=3,
        needed_by=date(2027, 6, 1),
    )
    ctx.request_id = ctx.request.pk
    # Hooli's request, stated before admission: held, seen only by Hooli and operators.
    ctx.held_request_id = request_make(
        ctx.applicant_organization,
        actor=ctx.users[APPLICANT],
        skills=[ctx.skill],
        title="Analysts",
        description="Data pipelines.",
    ).pk


def held_state(ctx: Context) -> tuple:
    demand = DemandRequest.objects.get(pk=ctx.held_request_id)
    return demand.title, demand.status, demand.headcount


PAGES: dict[str, list[Case]] = {
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
        Case(
            "GET",
            fixed("/en/demand/requests/new/"),
            statuses(302, 200, 403, 200, 200, 200) | {SUSPENDED: 403},
        ),
        Case(
            "POST",
            fixed("/en/demand/requests/new/"),
            statuses(302, 400, 403, 302, 302, 302) | {APPLICANT: 302},
            data=request_form,
            state=request_state,
            writers=W_REQUEST | {APPLICANT},
        ),
    ],
    "demand:request": [
        Case(
            "GET",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/",
            REQUEST_READ | {APPLICANT: 404},
        ),
        Case("GET", lambda ctx: f"/en/demand/requests/{ctx.held_request_id}/", HELD_READ),
    ],
    "demand:request_edit": [
        Case(
            "GET",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/edit/",
            statuses(302, 403, 403, 200, 200, 200) | {SUSPENDED: 403, APPLICANT: 404},
        ),
        Case(
            "POST",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/edit/",
            statuses(302, 403, 403, 302, 302, 302) | {APPLICANT: 404},
            data=request_form,
            state=request_state,
            writers=W_REQUEST,
        ),
        Case(
            "POST",
            lambda ctx: f"/en/demand/requests/{ctx.held_request_id}/edit/",
            HELD_READ | {ANON: 302, APPLICANT: 302, OPERATOR: 302},
            data=request_form,
            state=held_state,
            writers={APPLICANT, OPERATOR},
        ),
    ],
    "demand:request_status": [
        Case(
            "POST",
            lambda ctx: f"/en/demand/requests/{ctx.request_id}/status/",
            statuses(302, 403, 403, 302, 302, 302) | {APPLICANT: 404},
            data=lambda ctx, persona: {"status": "closed", "outcome": "met"},
            state=request_state,
            writers=W_REQUEST,
        )
    ],
    "demand:run": [
        Case("GET", lambda ctx: f"/en/demand/runs/{ctx.ingest_id}/", OPERATOR_ONLY_PAGE)
    ],
}

API: dict[str, list[Case]] = {
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
        )
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
            # A suspended member is no longer among the organizations that state demand.
            statuses(401, 403, 403, 201, 201, 201) | {SUSPENDED: 404, APPLICANT: 201},
            json=True,
            data=request_json,
            state=request_state,
            writers=W_REQUEST | {APPLICANT},
        )
    ],
    "GET /api/demand/requests/{request_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/demand/requests/{ctx.request_id}",
            REQUEST_API_READ | {APPLICANT: 404},
        ),
        Case(
            "GET",
            lambda ctx: f"/api/demand/requests/{ctx.held_request_id}",
            HELD_READ | {ANON: 401},
        ),
    ],
    "PATCH /api/demand/requests/{request_id}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/demand/requests/{ctx.request_id}",
            statuses(401, 403, 403, 200, 200, 200) | {APPLICANT: 404},
            json=True,
            data=lambda ctx, persona: {"headcount": 7},
            state=request_state,
            writers=W_REQUEST,
        ),
        Case(
            "PATCH",
            lambda ctx: f"/api/demand/requests/{ctx.held_request_id}",
            HELD_READ | {ANON: 401},
            json=True,
            data=lambda ctx, persona: {"headcount": 7},
            state=held_state,
            writers={APPLICANT, OPERATOR},
        ),
    ],
    "POST /api/demand/requests/{request_id}/status": [
        Case(
            "POST",
            lambda ctx: f"/api/demand/requests/{ctx.request_id}/status",
            statuses(401, 403, 403, 200, 200, 200) | {APPLICANT: 404},
            json=True,
            data=lambda ctx, persona: {"status": "closed", "outcome": "met"},
            state=request_state,
            writers=W_REQUEST,
        )
    ],
}
