"""The quality pages: the product page's section with the formula, the review form, the
learner's one-time form, the operators' ranking."""

import pytest

from edcluster.quality.models import Review
from edcluster.quality.tests.factories import (
    CODES,
    assignment_make,
    expert_make,
    link_make,
    offering_make,
    product_make,
    review_make,
)

pytestmark = pytest.mark.django_db


def test_the_product_page_shows_the_index_and_its_formula(client, organization):
    product = product_make(organization)
    before = client.get(f"/en/catalog/{product.slug}/").content.decode()
    assert "Quality index" not in before
    review_make(assignment_make(product, expert_make()), 4)
    page = client.get(f"/en/catalog/{product.slug}/").content.decode()
    assert "Quality index" in page
    assert "100 × (0.5·0.75) / 0.5 = 75.0" in page


def test_the_expert_submits_the_review_form(client, organization):
    expert = expert_make()
    assignment = assignment_make(product_make(organization), expert)
    client.force_login(expert)
    url = f"/en/quality/assignments/{assignment.pk}/"
    assert "no conflict of interest" in client.get(url).content.decode()
    data = {f"score_{code}": "5" for code in CODES} | {"recommendation": "endorse"}
    refused = client.post(url, data)  # no declaration
    assert refused.status_code == 400
    assert not Review.objects.exists()
    response = client.post(url, data | {"no_conflict": "on"})
    assert response.status_code == 302
    assert Review.objects.get().weighted_score == 5
    assert client.post(url, data | {"no_conflict": "on"}).status_code == 409


def test_the_learner_answers_once(client, organization):
    link = link_make(offering_make(product_make(organization)))
    url = f"/en/quality/f/{link.token}/"
    assert client.post(url, {"content": "9"}).status_code == 400
    data = {"content": "5", "teaching": "4", "usefulness": "4", "organisation": "5"}
    assert "Thank you" in client.post(url, data).content.decode()
    assert client.get(url).status_code == 410


def test_the_operators_ranking_lists_products_by_index(operator_client, organization):
    low, high = (
        product_make(organization, title_en="Low"),
        product_make(organization, title_en="High"),
    )
    review_make(assignment_make(low, expert_make("a@example.org")), 2)
    review_make(assignment_make(high, expert_make("b@example.org")), 5)
    page = operator_client.get("/en/quality/").content.decode()
    assert page.index("High") < page.index("Low")


def test_a_bad_assignment_shows_the_form_again_naming_the_field(operator_client, organization):
    expert = expert_make()
    response = operator_client.post(
        "/en/quality/assign/",
        {"product": "no-such", "expert": str(expert.pk), "cycle": "2026", "due_on": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "No product has this short address" in response.content.decode()


def test_the_operators_page_takes_as_many_queries_for_ten_products_as_for_two(
    operator_client, organization, other_organization, django_assert_max_num_queries
):
    def indexed(count: int, prefix: str) -> None:
        for number in range(count):
            owner = organization if number % 2 else other_organization
            product = product_make(owner, title_en=f"{prefix} {number}")
            review_make(assignment_make(product, expert_make(f"{prefix}{number}@example.org")), 4)

    indexed(2, "a")
    with django_assert_max_num_queries(40) as two:
        operator_client.get("/en/quality/")
    indexed(8, "b")
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert operator_client.get("/en/quality/").status_code == 200
