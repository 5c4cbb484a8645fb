"""Projects for tests, made through the services (audited, with their history)."""

from datetime import date
from decimal import Decimal

from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Product
from edcluster.projects import services
from edcluster.projects.models import BudgetLine, Deliverable, Milestone, Participant, Project


def project_make(lead, *, actor=None, partners=(), **fields) -> Project:
    """A project led by `lead`, with the partners (organization or (organization, role))."""
    defaults = {
        "kind": Project.Kind.PRODUCT,
        "title_ru": "Совместный курс",
        "title_en": "Joint course",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
    }
    project = services.project_create(lead=lead, actor=actor, fields=defaults | fields)
    for partner in partners:
        organization, role = partner if isinstance(partner, tuple) else (partner, "partner")
        services.participant_add(
            project=project, organization=organization, actor=actor, fields={"role": role}
        )
    return project


def participant_of(project: Project, organization) -> Participant:
    return project.participants.get(organization=organization)


def milestone_make(project: Project, *, actor=None, **fields) -> Milestone:
    defaults = {"title_en": "Pilot run", "due_on": date(2026, 9, 1)}
    return services.milestone_add(project=project, actor=actor, fields=defaults | fields)


def deliverable_make(milestone: Milestone, participant: Participant, *, actor=None, **fields):
    defaults = {"kind": Deliverable.Kind.REPORT, "title_en": "Report", "milestone": milestone}
    return services.deliverable_add(
        project=milestone.project, participant=participant, actor=actor, fields=defaults | fields
    )


def budget_line_make(project: Project, participant: Participant, *, actor=None, **fields):
    defaults = {
        "year": 2026,
        "category": BudgetLine.Category.STAFF,
        "source": BudgetLine.Source.OWN,
        "planned": Decimal("1000.00"),
        "currency": "RUB",
    }
    return services.budget_line_add(
        project=project, participant=participant, actor=actor, fields=defaults | fields
    )


def product_make(owner, *, stage: str = "idea", title_en: str = "Data course") -> Product:
    """A draft catalog product of `owner` at a lifecycle stage (set directly: the catalog's own
    tests cover its stage changes)."""
    product = catalog_services.product_create(
        owner=owner,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": title_en},
    )
    Product.objects.filter(pk=product.pk).update(stage=stage)
    product.stage = stage
    return product
