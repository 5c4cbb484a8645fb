"""What the projects API answers: a project in a list, and the whole project."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from edcluster.projects import selectors
from edcluster.projects.models import Project
from edcluster.projects.services import programme_pattern


class OrganizationRefOut(Schema):
    slug: str
    name: str
    country: str


def _organization(organization) -> dict:
    return {
        "slug": organization.slug,
        "name": str(organization),
        "country": str(organization.country),
    }


class ProjectOut(Schema):
    id: int
    kind: str
    title: str
    title_ru: str
    title_en: str
    starts_on: date
    ends_on: date
    status: str
    status_on: date | None
    is_public: bool
    lead: OrganizationRefOut | None
    field: str | None

    @staticmethod
    def resolve_lead(project: Project) -> dict | None:
        leads = getattr(project, "leads", None)
        lead = leads[0] if leads else selectors.lead_of(project)
        return _organization(lead.organization) if lead else None

    @staticmethod
    def resolve_field(project: Project) -> str | None:
        return project.field.code if project.field else None


class ParticipantOut(Schema):
    id: int
    organization: OrganizationRefOut
    role: str
    tasks_ru: str
    tasks_en: str


class DeliverableOut(Schema):
    id: int
    milestone: int
    participant: int
    kind: str
    title: str
    title_ru: str
    title_en: str
    product: str | None
    product_stage: str | None
    target_stage: str
    done_on: date | None
    is_done: bool


class MilestoneOut(Schema):
    id: int
    title: str
    title_ru: str
    title_en: str
    due_on: date
    done_on: date | None
    is_late: bool
    deliverables: list[DeliverableOut]


class BudgetLineOut(Schema):
    id: int
    participant: int = Field(..., alias="participant_id")
    year: int
    category: str
    source: str
    planned: Decimal
    spent: Decimal
    currency: str
    note: str


class TotalOut(Schema):
    key: str
    currency: str
    planned: Decimal
    spent: Decimal


class TrackOut(Schema):
    participant: int
    organization: str
    years: Decimal
    diploma_ru: str
    diploma_en: str


class AgreementRefOut(Schema):
    id: int
    code: str


class ProgrammeOut(Schema):
    scheme: str
    pattern: str
    languages: list[str]
    intake_per_year: int | None
    products: list[str]
    tracks: list[TrackOut]
    agreement: AgreementRefOut | None


class OutputOut(Schema):
    year: int
    publications: int
    patents: int
    theses: int
    students: int
    note: str


class LaboratoryOut(Schema):
    host: str
    country: str
    city: str
    research_areas_ru: str
    research_areas_en: str
    opened_on: date | None
    outputs: list[OutputOut]


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    on: date
    reason: str
    at: datetime


class ProjectDetailOut(ProjectOut):
    summary_ru: str
    summary_en: str
    sources: str
    origin_proposal: int | None
    priority_areas: list[int]
    participants: list[ParticipantOut]
    milestones: list[MilestoneOut]
    budget_lines: list[BudgetLineOut]
    budget_by_source: list[TotalOut]
    budget_by_category: list[TotalOut]
    programme: ProgrammeOut | None
    laboratory: LaboratoryOut | None
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_origin_proposal(project: Project) -> int | None:
        return project.origin_proposal_id

    @staticmethod
    def resolve_priority_areas(project: Project) -> list[int]:
        return [area.pk for area in project.priority_areas.all()]

    @staticmethod
    def resolve_participants(project: Project) -> list[dict]:
        return [
            {
                "id": p.pk,
                "organization": _organization(p.organization),
                "role": p.role,
                "tasks_ru": p.tasks_ru,
                "tasks_en": p.tasks_en,
            }
            for p in project.participants.all()
        ]

    @staticmethod
    def resolve_milestones(project: Project) -> list[dict]:
        return [
            {
                "id": m.pk,
                "title": m.title,
                "title_ru": m.title_ru,
                "title_en": m.title_en,
                "due_on": m.due_on,
                "done_on": m.done_on,
                "is_late": selectors.milestone_is_late(m),
                "deliverables": [
                    {
                        "id": d.pk,
                        "milestone": d.milestone_id,
                        "participant": d.participant_id,
                        "kind": d.kind,
                        "title": d.title,
                        "title_ru": d.title_ru,
                        "title_en": d.title_en,
                        "product": d.product.slug if d.product else None,
                        "product_stage": d.product.stage if d.product else None,
                        "target_stage": d.target_stage,
                        "done_on": d.done_on,
                        "is_done": d.is_done,
                    }
                    for d in m.deliverables.all()
                ],
            }
            for m in selectors.project_milestones(project)
        ]

    @staticmethod
    def resolve_budget_lines(project: Project) -> list:
        return list(selectors.project_budget(project))

    @staticmethod
    def resolve_budget_by_source(project: Project) -> list[dict]:
        lines = list(project.budget_lines.all())
        return _totals(lines, "source")

    @staticmethod
    def resolve_budget_by_category(project: Project) -> list[dict]:
        return _totals(list(project.budget_lines.all()), "category")

    @staticmethod
    def resolve_programme(project: Project) -> dict | None:
        programme = project.programme if _has(project, "programme") else None
        if programme is None:
            return None
        return {
            "scheme": programme.scheme,
            "pattern": programme_pattern(programme),
            "languages": programme.languages,
            "intake_per_year": programme.intake_per_year,
            "products": [product.slug for product in programme.products.all()],
            "agreement": selectors.programme_agreement(programme),
            "tracks": [
                {
                    "participant": t.participant_id,
                    "organization": t.participant.organization.slug,
                    "years": t.years,
                    "diploma_ru": t.diploma_ru,
                    "diploma_en": t.diploma_en,
                }
                for t in programme.tracks.select_related("participant__organization")
            ],
        }

    @staticmethod
    def resolve_laboratory(project: Project) -> dict | None:
        if not _has(project, "laboratory"):
            return None
        lab = project.laboratory
        return {
            "host": lab.host.slug,
            "country": str(lab.country),
            "city": lab.city,
            "research_areas_ru": lab.research_areas_ru,
            "research_areas_en": lab.research_areas_en,
            "opened_on": lab.opened_on,
            "outputs": list(lab.outputs.all()),
        }

    @staticmethod
    def resolve_history(project: Project) -> list:
        return list(selectors.project_history(project))


def _has(project: Project, name: str) -> bool:
    try:
        getattr(project, name)
    except Project._meta.get_field(name).related_model.DoesNotExist:  # type: ignore[union-attr]
        return False
    return True


def _totals(lines: list, key: str) -> list[dict]:
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for line in lines:
        pair = sums.setdefault((getattr(line, key), line.currency), [Decimal(0), Decimal(0)])
        pair[0] += line.planned
        pair[1] += line.spent
    return [
        {"key": k, "currency": c, "planned": p, "spent": s}
        for (k, c), (p, s) in sorted(sums.items())
    ]
