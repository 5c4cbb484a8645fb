"""The rules of reviews and feedback: conflicts, two reviews and a third, blind reviews,
reviews and answers given once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from edcluster.accounts.models import Membership
from edcluster.demand.tests.factories import request_make
from edcluster.matching.models import Offer
from edcluster.matching.tests.factories import offer
from edcluster.quality import selectors, services
from edcluster.quality.models import EmployerFeedback, LearnerAnswer, Review, ReviewAssignment
from edcluster.quality.tests.factories import (
    answers_make,
    assignment_make,
    expert_make,
    link_make,
    offering_make,
    product_make,
    review_make,
    scores,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_an_expert_on_an_owners_staff_is_refused_naming_why(organization):
    product = product_make(organization)
    expert = expert_make()
    Membership.objects.create(user=expert, organization=organization, role="viewer")  # type: ignore[misc]
    with pytest.raises(ValidationError) as refused:
        assignment_make(product, expert)
    assert "Conflict of interest" in refused.value.message_dict["expert"][0]
    assert str(organization) in refused.value.message_dict["expert"][0]
    assert not ReviewAssignment.objects.exists()


def test_an_expert_of_an_organization_developing_it_in_a_project_is_refused(
    organization, other_organization
):
    """The issue's projects rule: staff of a partner that develops the product with its owner
    in a project (a deliverable of the project) have a conflict too; a cancelled project no
    longer counts."""
    from edcluster.projects.services import project_move
    from edcluster.projects.tests.factories import (
        deliverable_make,
        milestone_make,
        participant_of,
        project_make,
    )

    product = product_make(organization)
    expert = expert_make()
    Membership.objects.create(user=expert, organization=other_organization, role="viewer")  # type: ignore[misc]
    reason = selectors.conflict_reason(expert=expert, product=product)
    assert reason is None  # a member of another organization, no project yet
    project = project_make(organization, partners=[other_organization], title_en="Shipyard course")
    deliverable_make(
        milestone_make(project),
        participant_of(project, organization),
        kind="product",
        title_en="",
        product=product,
        target_stage="pilot",
    )
    with pytest.raises(ValidationError) as refused:
        assignment_make(product, expert)
    message = refused.value.message_dict["expert"][0]
    assert "Conflict of interest" in message
    assert str(other_organization) in message
    assert "«Shipyard course»" in message
    assert not ReviewAssignment.objects.exists()
    project_move(project=project, actor=None, to="cancelled", on=date(2026, 3, 1), reason="Stopped")
    assert assignment_make(product, expert).expert == expert


def test_only_appointed_experts_are_assigned(organization, member_editor):
    with pytest.raises(ValidationError, match="not an appointed expert"):
        assignment_make(product_make(organization), member_editor)


def test_two_reviews_then_a_third_only_on_a_divergence(organization):
    product = product_make(organization)
    first, second, third = (expert_make(f"e{n}@example.org") for n in range(3))
    review_make(assignment_make(product, first), 4)
    review_make(assignment_make(product, second), 3)  # 1 point apart: no third
    with pytest.raises(ValidationError, match="a third only when"):
        assignment_make(product, third)

    other = product_make(organization, title_en="Other course")
    review_make(assignment_make(other, first), 5, 4, 4, 4, 4)
    review_make(assignment_make(other, second), 3, 4, 4, 4, 4)  # relevance 2 apart
    assert selectors.divergent_criteria(product_id=other.pk, cycle=timezone.localdate().year) == [
        "relevance"
    ]
    assert assignment_make(other, third).is_third is True
    with pytest.raises(ValidationError, match="third review"):
        assignment_make(other, expert_make("e4@example.org"))


def test_neither_expert_sees_the_other_before_both_are_in(organization):
    product = product_make(organization)
    first, second = expert_make("a@example.org"), expert_make("b@example.org")
    own = review_make(assignment_make(product, first), 4)
    assignment = assignment_make(product, second)
    assert list(selectors.reviews_visible(viewer=second)) == []
    assert list(selectors.reviews_visible(viewer=first)) == [own]
    theirs = review_make(assignment, 5)
    assert set(selectors.reviews_visible(viewer=first)) == {own, theirs}
    assert set(selectors.reviews_visible(viewer=second)) == {own, theirs}


def test_a_submitted_review_never_changes(organization):
    assignment = assignment_make(product_make(organization), expert_make())
    review = review_make(assignment, 4)
    with pytest.raises(services.QualityConflict):
        services.review_submit(
            assignment=assignment,
            actor=assignment.expert,
            scores=scores(1),
            recommendation="reject",
            no_conflict=True,
        )
    review.refresh_from_db()
    assert (Review.objects.count(), review.weighted_score, review.recommendation) == (
        1,
        4,
        "endorse",
    )


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"relevance": {"score": 6}}, "score_relevance"),
        ({"relevance": {"score": 0}}, "score_relevance"),
        ({}, "score_relevance"),
    ],
)
def test_a_score_outside_1_to_5_is_refused_naming_the_criterion(organization, given, field):
    assignment = assignment_make(product_make(organization), expert_make())
    full = scores(4) | given if given else {}
    with pytest.raises(ValidationError) as refused:
        services.review_submit(
            assignment=assignment,
            actor=assignment.expert,
            scores=full,
            recommendation="endorse",
            no_conflict=True,
        )
    assert field in refused.value.message_dict
    assert not Review.objects.exists()


def test_the_weighted_score_follows_the_weights(organization):
    # Relevance weighs 2, the others 1: (2·5 + 4·3) / 6 = 3.667.
    review = review_make(assignment_make(product_make(organization), expert_make()), 5, 3, 3, 3, 3)
    assert str(review.weighted_score) == "3.667"


def test_one_answer_per_link_and_no_trace_of_who(organization):
    offering = offering_make(product_make(organization))
    link = link_make(offering)
    answer = {"content": 5, "teaching": 4, "usefulness": 3, "organisation": 4}
    services.answer_give(link=link, answers=answer, comment="Хорошо")
    with pytest.raises(services.LinkUsed):
        services.answer_give(link=link, answers=answer)
    assert LearnerAnswer.objects.count() == 1
    assert "link" not in {field.name for field in LearnerAnswer._meta.get_fields()}
    assert str(LearnerAnswer.objects.get().rating) == "4.000"


def test_results_are_shown_from_five_answers(organization):
    offering = offering_make(product_make(organization))
    answers_make(offering, 5, 4, 4, 3)
    assert selectors.feedback_results(offering=offering) == {
        "count": 4,
        "shown": False,
        "minimum": 5,
    }
    answers_make(offering, 4)
    results = selectors.feedback_results(offering=offering)
    assert (results["shown"], results["rating"], results["means"]["content"]) == (True, 4.0, 4.0)


def test_an_employer_rates_an_accepted_offer_once(organization, other_organization, outsider):
    product = product_make(organization)
    request = request_make(other_organization)
    accepted = offer(request=request, product=product, status=Offer.Status.ACCEPTED)
    services.employer_feedback_give(offer=accepted, actor=outsider, rating=5)
    with pytest.raises(services.QualityConflict):
        services.employer_feedback_give(offer=accepted, actor=outsider, rating=1)
    asked = offer(request=request, product=product_make(organization, title_en="B"))
    with pytest.raises(services.QualityConflict):
        services.employer_feedback_give(offer=asked, actor=outsider, rating=4)
    assert list(EmployerFeedback.objects.values_list("rating", flat=True)) == [5]


def test_a_new_scoresheet_version_keeps_the_old_one(organization, operator):
    current = selectors.criteria_current()
    assert current is not None
    rows = [
        {
            "code": criterion.code,
            "weight": 1,
            "descriptors_ru": criterion.descriptors_ru,
            "descriptors_en": criterion.descriptors_en,
        }
        for criterion in current.criteria.all()
    ]
    made = services.criteria_set_create(actor=operator, criteria=rows, note="Equal weights")
    assert (made.version, current.criteria.get(code="relevance").weight) == (2, 2)
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_create(actor=operator, criteria=rows[:4])
    assert "criteria" in refused.value.message_dict


def test_a_third_expert_judges_on_their_own(organization):
    product = product_make(organization)
    first, second, third = (expert_make(f"t{n}@example.org") for n in range(3))
    review_make(assignment_make(product, first), 5)
    review_make(assignment_make(product, second), 2)
    assignment = assignment_make(product, third)
    assert list(selectors.reviews_visible(viewer=third)) == []
    review_make(assignment, 4)
    assert selectors.reviews_visible(viewer=third).count() == 3


def test_a_members_index_is_weighted_by_learners(organization):
    from edcluster.catalog.models import Offering
    from edcluster.quality.models import QualityIndex

    high, low = product_make(organization), product_make(organization, title_en="Other")
    for product, value, enrolled in ((high, 80, 30), (low, 60, 10)):
        Offering.objects.filter(pk=offering_make(product).pk).update(enrolled=enrolled)
        QualityIndex.objects.create(product=product, cycle=2026, value=value)
    assert str(selectors.member_index(organization_id=organization.pk, cycle=2026)) == "75.0"
    assert selectors.member_indices(cycle=2026)[0]["organization"] == organization


def test_the_operators_queue_names_products_wanting_a_third_review(organization):
    apart, close = product_make(organization), product_make(organization, title_en="Close")
    first, second, third = (expert_make(f"q{n}@example.org") for n in range(3))
    for product, other in ((apart, (2, 4, 4, 4, 4)), (close, (4, 4, 4, 4, 3))):
        review_make(assignment_make(product, first), 4)
        review_make(assignment_make(product, second), *other)
    cycle = timezone.localdate().year
    assert selectors.third_review_wanted(cycle=cycle) == [apart]
    assignment_make(apart, third)
    assert selectors.third_review_wanted(cycle=cycle) == []
