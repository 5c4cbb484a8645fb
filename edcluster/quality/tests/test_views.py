"""The quality pages: the product page's section with the formula, the review form, the
learner's one-time form, the operators' ranking."""

import re

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
    assert "Quality index = 100 × (0.5 × experts 0.75) / 0.5 = 75.0 out of 100" in page
    assert "as a share of the scale, (4 − 1) / 4 = 0.75" in page


def test_a_russian_page_writes_the_formula_with_decimal_commas(client, organization):
    product = product_make(organization)
    expert = assignment_make(product, expert_make("a@example.org"))
    review_make(expert, 4, 4, 5, 3, 4)  # weighted by the scoresheet's weights
    review_make(assignment_make(product, expert_make("b@example.org")), 3)
    section = client.get(f"/ru/catalog/{product.slug}/").content.decode()
    section = section[section.index('id="quality"') :]
    section = section[: section.index("</section>")]
    numbers = re.findall(r"\d+[.,]\d+", section)
    assert numbers
    assert all("," in found for found in numbers), numbers
    assert "100 × (0,5 × " in section


def test_scores_are_shown_to_one_decimal_out_of_five(client, organization):
    expert = expert_make()
    assignment = assignment_make(product_make(organization), expert)
    review_make(assignment, 4, 4, 5, 3, 5)
    client.force_login(expert)
    page = client.get(f"/ru/quality/assignments/{assignment.pk}/").content.decode()
    weighted = assignment.review.weighted_score
    assert len(str(weighted).split(".")[1]) == 3  # stored to three decimals
    shown = f"{weighted:.1f}".replace(".", ",")
    assert re.search(rf"{shown}\s+(out of|из) 5", page), shown
    assert str(weighted) not in page
    assert str(weighted).replace(".", ",") not in page


def test_the_assignments_section_is_for_operators_and_experts_only(
    client, member_editor, organization
):
    client.force_login(member_editor)
    assert "review assignments" not in client.get("/en/quality/").content.decode()
    expert = expert_make()
    client.force_login(expert)
    page = client.get("/en/quality/").content.decode()
    assert "Your review assignments" in page
    assert "No assignments." in page


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
        {"product": "999999", "expert": str(expert.pk), "cycle": "2026", "due_on": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_operator_chooses_a_product_and_an_expert_from_lists(operator_client, organization):
    product = product_make(organization, title_en="Welding for shipyards")
    product_make(organization, title_en="Marine biology")
    expert = expert_make()
    page = operator_client.get("/en/quality/").content.decode()
    label = f"Welding for shipyards · {product.get_kind_display()}"
    assert f'<option value="{product.pk}">{label}</option>' in page
    assert f'<option value="{expert.pk}">' in page
    assert expert.email in page
    options = operator_client.get("/en/quality/assign/products/", {"product_search": "weld"})
    text = options.content.decode()
    assert "Welding for shipyards" in text
    assert "Marine biology" not in text
    response = operator_client.post(
        "/en/quality/assign/",
        {
            "product": str(product.pk),
            "expert": str(expert.pk),
            "cycle": "2026",
            "due_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert product.pk in [a.product_id for a in expert.review_assignments.all()]


def test_the_product_list_is_for_operators(client, member_editor):
    client.force_login(member_editor)
    assert client.get("/en/quality/assign/products/").status_code == 403


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
