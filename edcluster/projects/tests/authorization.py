"""Projects' rows of the authorization matrix (config/tests/test_authorization_matrix.py).

Acme leads an internal project where Initech (the partner editor's) takes part: Acme's staff,
Initech's and operators read it, anyone else gets 404; Acme's editors and operators change
everything, Initech's editor only Initech's lines (its participant row, budget lines and
deliverables: 403 on Acme's). Globex leads a public project that anyone reads."""

from datetime import date

from django.utils import timezone

from edcluster.catalog import services as catalog_services
from edcluster.matching.models import Proposal
from edcluster.organizations.models import Organization
from edcluster.projects import services
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    LaboratoryOutput,
    Milestone,
    Participant,
    Project,
)
from edcluster.projects.tests.factories import (
    budget_line_make,
    deliverable_make,
    milestone_make,
    participant_of,
    project_make,
)
from edcluster.testing.authorization import (
    ADMIN,
    APPLICANT,
    EDITOR,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    Case,
    Context,
    everyone,
    fixed,
    statuses,
)

LEAD = {EDITOR, ADMIN, OPERATOR}
LINES = LEAD | {PARTNER}
# The internal project: its participants' staff read (Initech's too), anyone else 404.
READ_PAGE = statuses(404, 404, 200, 200, 200, 200) | {PARTNER: 200}
READ_API = READ_PAGE
LEAD_PAGE_POST = statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 403}
LEAD_PAGE_POST_400 = LEAD_PAGE_POST  # the same, for forms whose refusal shows the page
LEAD_API = statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 403}
LEAD_API_201 = statuses(401, 404, 403, 201, 201, 201) | {PARTNER: 403}
LINES_API = LEAD_API | {PARTNER: 200}
LINES_API_201 = LEAD_API_201 | {PARTNER: 201}
LINES_PAGE_POST = LEAD_PAGE_POST | {PARTNER: 302}


def state(ctx: Context) -> tuple:
    """Everything a call on the projects could change."""
    return (
        tuple(Project.objects.order_by("pk").values_list("pk", "title_en", "status", "is_public")),
        tuple(Participant.objects.order_by("pk").values_list("pk", "role", "tasks_en")),
        tuple(Milestone.objects.order_by("pk").values_list("pk", "title_en", "due_on", "done_on")),
        tuple(Deliverable.objects.order_by("pk").values_list("pk", "title_en", "participant")),
        tuple(BudgetLine.objects.order_by("pk").values_list("pk", "planned", "participant")),
        tuple(LaboratoryOutput.objects.order_by("pk").values_list("pk", "publications")),
        tuple(
            Project.objects.filter(programme__isnull=False).values_list(
                "programme__scheme", "programme__intake_per_year"
            )
        ),
        tuple(Project.objects.filter(laboratory__isnull=False).values_list("laboratory__city")),
    )


def own_participant(ctx: Context, persona: str) -> int:
    return ctx.initech_participant_id if persona == PARTNER else ctx.acme_participant_id


def arrange(ctx: Context) -> None:
    acme = ctx.organization
    initech, globex = (
        Organization.objects.get(slug="initech"),
        Organization.objects.get(slug="globex"),
    )
    ctx.public_org_pk = globex.pk
    editor = ctx.users[EDITOR]
    project = project_make(
        acme,
        actor=editor,
        partners=[initech],
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    ctx.project_id = project.pk
    ctx.acme_participant_id = participant_of(project, acme).pk
    ctx.initech_participant_id = participant_of(project, initech).pk
    milestone = milestone_make(project, actor=editor)
    ctx.milestone_id = milestone.pk
    ctx.acme_deliverable_id = deliverable_make(milestone, participant_of(project, acme)).pk
    ctx.initech_deliverable_id = deliverable_make(milestone, participant_of(project, initech)).pk
    ctx.acme_line_id = budget_line_make(project, participant_of(project, acme)).pk
    ctx.initech_line_id = budget_line_make(project, participant_of(project, initech)).pk
    ctx.public_project_id = project_make(globex, title_en="Open school", is_public=True).pk
    ctx.programme_project_id = project_make(acme, kind="programme").pk
    lab = project_make(acme, kind="laboratory")
    services.laboratory_set(project=lab, actor=None, fields={"host": acme})
    ctx.lab_project_id = lab.pk
    product = catalog_services.product_create(
        owner=acme,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": "From a gap"},
    )
    ctx.proposal_id = Proposal.objects.create(
        title_ru="Из разрыва",
        title_en="From a gap",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        status=Proposal.Status.ACCEPTED,
        product=product,
        decided_at=timezone.now(),
    ).pk


def project_form(ctx: Context, persona: str) -> dict:
    return {
        "lead": str(ctx.organization.pk),
        "kind": "research",
        "title_en": "Sensors",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }


def start_form(ctx: Context, persona: str) -> dict:
    return {"starts_on": "2026-01-01", "ends_on": "2027-06-30"}


def path(template: str):
    return lambda ctx: template.format(ctx=ctx)


P = "/en/projects/{ctx.project_id}/"
A = "/api/projects/{ctx.project_id}"

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
            LEAD_PAGE_POST | {EDITOR: 200, ADMIN: 200, OPERATOR: 200, SUSPENDED: 403},
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
            path("/en/projects/from-proposal/{ctx.proposal_id}/"),
            statuses(302, 404, 403, 200, 200, 200) | {SUSPENDED: 403},
        ),
        Case(
            "POST",
            path("/en/projects/from-proposal/{ctx.proposal_id}/"),
            statuses(302, 404, 403, 302, 302, 302),
            data=start_form,
            state=state,
            writers=LEAD,
        ),
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
            "/api/projects/from-proposal/{ctx.proposal_id}",
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
