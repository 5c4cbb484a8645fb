"""Quality records for tests, made through the services."""

from datetime import date

from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.accounts.tests.factories import user_make
from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Offering, Product
from edcluster.catalog.tests.factories import published
from edcluster.quality import services
from edcluster.quality.models import Criterion, FeedbackLink, Review, ReviewAssignment

CODES = list(Criterion.Code.values)


def expert_make(email: str = "expert@example.org") -> User:
    return user_make(email, is_expert=True)


def product_make(owner, *, title_en: str = "Data course") -> Product:
    return published(owner=owner, title_en=title_en)


def offering_make(product: Product) -> Offering:
    return catalog_services.offering_save(
        product=product,
        actor=None,  # type: ignore[arg-type]
        fields={
            "starts_on": date(2026, 2, 1),
            "ends_on": date(2026, 5, 1),
            "enrolled": 20,
            "is_online": True,
        },
    )


def assignment_make(product: Product, expert, *, actor=None, cycle: int | None = None):
    return services.assignment_create(
        product=product,
        expert=expert,
        cycle=cycle or timezone.localdate().year,
        due_on=date(2026, 12, 1),
        actor=actor,
    )


def scores(*values: int) -> dict[str, dict]:
    """Scores by criterion in the scoresheet's order (one value: the same on each)."""
    given = values if len(values) == len(CODES) else values * len(CODES)
    return {code: {"score": score, "comment": ""} for code, score in zip(CODES, given, strict=True)}


def review_make(assignment: ReviewAssignment, *values: int) -> Review:
    return services.review_submit(
        assignment=assignment,
        actor=assignment.expert,
        scores=scores(*(values or (4,))),
        recommendation="endorse",
        no_conflict=True,
    )


def link_make(offering: Offering) -> FeedbackLink:
    return services.links_create(offering=offering, actor=None, count=1)[0]


def answers_make(offering: Offering, *ratings: int) -> None:
    """One answer per rating, each with that score on all four questions."""
    for rating in ratings:
        services.answer_give(
            link=link_make(offering),
            answers=dict.fromkeys(("content", "teaching", "usefulness", "organisation"), rating),
        )
