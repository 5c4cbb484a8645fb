"""The quality index against hand-computed numbers, and its recomputation when inputs change."""

from decimal import Decimal

import pytest

from edcluster.quality.formula import index_formula
from edcluster.quality.models import QualityIndex
from edcluster.quality.services.index import Ratings, index_compute
from edcluster.quality.tests.factories import (
    answers_make,
    assignment_make,
    expert_make,
    offering_make,
    product_make,
    review_make,
)


def test_the_issues_example_by_hand():
    # S_expert = (4.12 − 1)/4 = 0.78; learners: n = 10, r̄ = 3.8, C = 3.8 → B = 3.8, S = 0.70.
    value, parts = index_compute(
        expert_scores=[Decimal("4.12")],
        learners=Ratings(10, Decimal("3.8"), Decimal("3.8"), 10),
        employers=None,
    )
    assert parts == {"expert": Decimal("0.780"), "learner": Decimal("0.700"), "employer": None}
    assert value == Decimal("75.0")  # 100 × (0.5·0.78 + 0.3·0.70) / 0.8


def test_all_three_components_with_shrinkage():
    # B_learner = (6·4.5 + 10·3.5)/16 = 3.875 → 0.719 (0.71875 rounded half up);
    # B_employer = (1·5 + 10·4)/11 = 4.091 → 0.773; expert (3 + 5)/2 = 4 → 0.75.
    value, parts = index_compute(
        expert_scores=[Decimal(3), Decimal(5)],
        learners=Ratings(6, Decimal("4.5"), Decimal("3.5"), 10),
        employers=Ratings(1, Decimal(5), Decimal(4), 10),
    )
    assert parts == {
        "expert": Decimal("0.750"),
        "learner": Decimal("0.719"),
        "employer": Decimal("0.773"),
    }
    # 100 × (0.375 + 0.2157 + 0.1546) / 1.0 = 74.53
    assert value == Decimal("74.5")


def test_not_enough_data_before_a_review_or_five_learners():
    four = Ratings(4, Decimal(5), Decimal(4), 10)
    assert index_compute(expert_scores=[], learners=four, employers=None)[0] is None
    employers_only = Ratings(3, Decimal(5), Decimal(4), 10)
    assert index_compute(expert_scores=[], learners=None, employers=employers_only)[0] is None
    five = Ratings(5, Decimal(5), Decimal(4), 10)
    assert index_compute(expert_scores=[], learners=five, employers=None)[0] is not None


def test_weights_come_from_settings(settings):
    settings.QUALITY_WEIGHTS = {"expert": "1", "learner": "0", "employer": "0"}
    value, _parts = index_compute(
        expert_scores=[Decimal(5)],
        learners=Ratings(5, Decimal(1), Decimal(1), 10),
        employers=None,
    )
    assert value == Decimal("100.0")


@pytest.mark.django_db
def test_a_review_and_answers_recompute_the_stored_index_and_its_formula(organization):
    product = product_make(organization)
    review_make(assignment_make(product, expert_make()), 4)
    index = QualityIndex.objects.get(product=product)
    assert (index.value, index.expert, index.learner) == (Decimal("75.0"), Decimal("0.750"), None)
    assert index_formula(index)["text"] == "100 × (0.5·0.75) / 0.5 = 75.0"

    answers_make(offering_make(product), 5, 5, 5, 5, 5)
    index.refresh_from_db()
    # Only this product has answers: C = 5, so B = 5 and S_learner = 1.
    assert index.learner == Decimal("1.000")
    assert index.value == Decimal("84.4")  # 100 × (0.375 + 0.3) / 0.8 = 84.375
    formula = index_formula(index)
    assert formula["text"] == "100 × (0.5·0.75 + 0.3·1) / 0.8 = 84.4"
    assert "(5·5 + 10·5) / 15 = 5" in formula["lines"][1]


@pytest.mark.django_db
def test_four_answers_make_no_index(organization):
    product = product_make(organization)
    answers_make(offering_make(product), 5, 4, 3, 5)
    index = QualityIndex.objects.get(product=product)
    assert index.value is None
    assert index_formula(index)["enough"] is False


@pytest.mark.django_db
def test_the_bulk_recompute_equals_the_recompute_of_each_answer(organization):
    from django.utils import timezone

    from edcluster.quality.models import RatingTotals
    from edcluster.quality.services import index_recompute, indices_recompute

    first, second = product_make(organization), product_make(organization, title_en="Second")
    answers_make(offering_make(first), 5, 4, 4, 3, 5, 2)
    answers_make(offering_make(second), 1, 2, 3, 3, 2)
    review_make(assignment_make(first, expert_make()), 4)
    cycle = timezone.localdate().year
    totals = RatingTotals.objects.get(cycle=cycle)
    assert (totals.learner_count, totals.learner_sum) == (11, Decimal(34))
    # The first product's index was computed before the second's answers moved C: now again.
    index_recompute(product_id=first.pk, cycle=cycle)
    one_by_one = dict(QualityIndex.objects.values_list("product_id", "value"))
    RatingTotals.objects.all().delete()
    assert indices_recompute(cycle=cycle) == 2
    assert dict(QualityIndex.objects.values_list("product_id", "value")) == one_by_one
    assert RatingTotals.objects.get(cycle=cycle).learner_sum == Decimal(34)


@pytest.mark.django_db
def test_counting_a_rating_returns_the_means_the_index_would_read():
    from edcluster.quality.services.index import cluster_means, totals_add

    assert totals_add(cycle=2031, learner=Decimal("4.250")) == (Decimal("4.250"), Decimal(0))
    assert totals_add(cycle=2031, learner=Decimal("3.5")) == cluster_means(2031)
    assert totals_add(cycle=2031, employer=Decimal(2)) == (Decimal("3.875"), Decimal("2.000"))
    assert cluster_means(2031) == (Decimal("3.875"), Decimal("2.000"))


@pytest.mark.django_db
def test_two_reviews_and_ratings_are_read_in_one_query(organization, django_assert_num_queries):
    from django.utils import timezone

    from edcluster.quality.services.index import _product_inputs

    product = product_make(organization)
    review_make(assignment_make(product, expert_make("a@example.org")), 4)
    review_make(assignment_make(product, expert_make("b@example.org")), 2)
    answers_make(offering_make(product), 5, 4, 3)
    with django_assert_num_queries(1):
        scores, learners, employers = _product_inputs(product.pk, timezone.localdate().year)
    assert scores == [Decimal("4.000"), Decimal("2.000")]  # in the order they were submitted
    assert learners == (3, Decimal(12))
    assert employers == (0, Decimal(0))
