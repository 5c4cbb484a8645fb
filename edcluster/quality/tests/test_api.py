"""The quality API: bad input names the field, refusals say why, and the index comes with its
formula and numbers."""

import pytest

from edcluster.quality.models import LearnerAnswer, Review
from edcluster.quality.tests.factories import (
    CODES,
    answers_make,
    assignment_make,
    expert_make,
    link_make,
    offering_make,
    product_make,
    review_make,
)

pytestmark = pytest.mark.django_db


def _review_body(assignment_id: int, score=4) -> dict:
    return {
        "assignment": assignment_id,
        "scores": {code: {"score": score, "comment": "ok"} for code in CODES},
        "recommendation": "endorse",
        "no_conflict": True,
    }


def test_an_expert_submits_and_the_index_appears_with_its_formula(client, organization):
    product = product_make(organization)
    expert = expert_make()
    assignment = assignment_make(product, expert)
    client.force_login(expert)
    response = client.post(
        "/api/quality/reviews", _review_body(assignment.pk), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["weighted_score"] == 4.0
    again = client.post(
        "/api/quality/reviews", _review_body(assignment.pk, 1), content_type="application/json"
    )
    assert again.status_code == 409
    index = client.get(f"/api/quality/products/{product.slug}/index").json()
    assert index["value"] == 75.0
    assert index["formula"] == "100 × (0.5·0.75) / 0.5 = 75.0"
    assert index["components"] == {"expert": 0.75, "learner": None, "employer": None}


def test_a_score_outside_the_scale_is_a_400_naming_the_criterion(client, organization):
    expert = expert_make()
    assignment = assignment_make(product_make(organization), expert)
    client.force_login(expert)
    body = _review_body(assignment.pk)
    body["scores"]["relevance"]["score"] = 7
    response = client.post("/api/quality/reviews", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert "relevance" in response.content.decode()
    del body["scores"]["relevance"]
    response = client.post("/api/quality/reviews", body, content_type="application/json")
    assert response.status_code == 400
    assert "score_relevance" in response.json()["errors"]
    assert not Review.objects.exists()


def test_an_expert_with_a_conflict_is_a_400_naming_the_reason(operator_client, organization):
    from edcluster.accounts.models import Membership

    expert = expert_make()
    Membership.objects.create(user=expert, organization=organization, role="editor")
    product = product_make(organization)
    response = operator_client.post(
        "/api/quality/assignments",
        {"product": product.slug, "expert": expert.pk, "due_on": "2026-12-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    # In the site's default language, naming the organization.
    message = response.json()["errors"]["expert"][0]
    assert message.startswith("Конфликт интересов:")
    assert str(organization) in message


def test_a_used_link_is_410(client, organization):
    link = link_make(offering_make(product_make(organization)))
    body = {"content": 5, "teaching": 5, "usefulness": 4, "organisation": 4, "comment": ""}
    assert client.get(f"/api/quality/feedback/{link.token}").status_code == 200
    first = client.post(f"/api/quality/feedback/{link.token}", body, "application/json")
    assert first.status_code == 201
    assert (
        client.post(f"/api/quality/feedback/{link.token}", body, "application/json").status_code
        == 410
    )
    assert client.get(f"/api/quality/feedback/{link.token}").status_code == 410
    assert client.get("/api/quality/feedback/nope").status_code == 404
    assert LearnerAnswer.objects.count() == 1


def test_results_wait_for_five_answers(member_viewer_client, organization):
    offering = offering_make(product_make(organization))
    answers_make(offering, 4, 4, 4, 4)
    url = f"/api/quality/offerings/{offering.pk}/feedback"
    assert member_viewer_client.get(url).json() == {
        "count": 4,
        "shown": False,
        "minimum": 5,
        "means": None,
        "rating": None,
        "comments": [],
    }
    answers_make(offering, 5)
    assert member_viewer_client.get(url).json()["rating"] == 4.2


def test_reviews_are_blind_until_both_are_in(client, organization):
    product = product_make(organization)
    first, second = expert_make("a@example.org"), expert_make("b@example.org")
    review_make(assignment_make(product, first), 4)
    assignment = assignment_make(product, second)
    client.force_login(second)
    assert client.get("/api/quality/reviews").json()["items"] == []
    review_make(assignment, 3)
    assert len(client.get("/api/quality/reviews").json()["items"]) == 2
