"""What the projects' rows of the authorization matrix share: the arrangement (Acme leads
an internal project with Initech; Globex a public one), the expected statuses by kind of
call, and the snapshot a refused call must leave unchanged."""

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
    ProgrammeTrack,
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
    EDITOR,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    Context,
    statuses,
)

LEAD = {EDITOR, ADMIN, OPERATOR}
LINES = LEAD | {PARTNER}
# The internal project: its participants' staff read (Initech's too), anyone else 404.
READ_PAGE = statuses(404, 404, 200, 200, 200, 200) | {PARTNER: 200}
READ_API = READ_PAGE
LEAD_PAGE_POST = statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 403}
# The lead's forms (Initech takes no part in the programme and the laboratory: 404 there).
LEAD_GET_PAGE = statuses(302, 404, 403, 200, 200, 200) | {PARTNER: 404, SUSPENDED: 403}
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
        tuple(
            Deliverable.objects.order_by("pk").values_list(
                "pk", "title_en", "participant", "done_on"
            )
        ),
        tuple(BudgetLine.objects.order_by("pk").values_list("pk", "planned", "participant")),
        tuple(LaboratoryOutput.objects.order_by("pk").values_list("pk", "publications")),
        tuple(
            Project.objects.filter(programme__isnull=False).values_list(
                "programme__scheme", "programme__intake_per_year"
            )
        ),
        tuple(
            Project.objects.filter(laboratory__isnull=False).values_list(
                "laboratory__city", "laboratory__country"
            )
        ),
        tuple(ProgrammeTrack.objects.values_list("participant", "years")),
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
    programme = project_make(acme, kind="programme")
    ctx.programme_project_id = programme.pk
    ctx.programme_lead_id = participant_of(programme, acme).pk
    lab = project_make(acme, kind="laboratory")
    services.laboratory_set(project=lab, actor=None, fields={"host": acme})
    ctx.lab_project_id = lab.pk
    product = catalog_services.product_create(
        owner=acme,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": "From a gap"},
    )
    ctx.accepted_proposal_id = Proposal.objects.create(
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
