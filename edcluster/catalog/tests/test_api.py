from datetime import timedelta

import pytest
from django.utils import timezone

from edcluster.catalog import services
from edcluster.catalog.models import Product

NEW = {
    "owner": "acme",
    "kind": "upskilling",
    "title_ru": "Анализ данных",
    "title_en": "Data analysis",
    "summary_en": "For engineers.",
    "languages": ["ru"],
    "price": "45000.00",
    "currency": "RUB",
    "outcomes": [{"text": "Builds a regression model", "language": "en"}],
}


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def published(organization, member_editor, operator):
    product = services.product_create(
        owner=organization,
        actor=member_editor,
        fields={k: v for k, v in NEW.items() if k in {"kind", "title_en", "summary_en"}},
        outcomes=[("Explains", "en")],
    )
    services.product_submit(product=product, actor=member_editor)
    return services.product_publish(product=product, actor=operator)


def test_an_editor_creates_a_product_with_outcomes(db, organization, member_editor_client):
    response = post(member_editor_client, "/api/catalog/products", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["stage"], body["price"]) == ("draft", "idea", "45000.00")
    assert body["owners"] == [{"organization": "acme", "name": "Организация acme", "role": "lead"}]
    assert body["outcomes"] == [{"text": "Builds a regression model", "language": "en"}]


def test_a_bad_product_names_the_field_and_saves_nothing(db, organization, member_editor_client):
    response = post(member_editor_client, "/api/catalog/products", NEW | {"is_free": True})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["price"]
    response = post(member_editor_client, "/api/catalog/products", NEW | {"currency": "rub"})
    assert response.status_code == 422
    assert Product.objects.count() == 0


def test_the_workflow_through_the_api(db, organization, member_editor_client, operator_client):
    slug = post(member_editor_client, "/api/catalog/products", NEW).json()["slug"]
    url = f"/api/catalog/products/{slug}/review"
    assert post(member_editor_client, url, {"action": "publish"}).status_code == 403
    assert post(member_editor_client, url, {"action": "submit"}).json()["status"] == "in_review"
    returned = post(operator_client, url, {"action": "return", "comment": "Add hours"}).json()
    assert (returned["status"], returned["review_comment"]) == ("draft", "Add hours")
    post(member_editor_client, url, {"action": "submit"})
    assert post(operator_client, url, {"action": "publish"}).json()["status"] == "published"


def test_published_products_are_public_and_sync_incrementally(db, client, published):
    listed = client.get("/api/catalog/products").json()
    assert [item["slug"] for item in listed["items"]] == [published.slug]
    later = (published.updated_at + timedelta(seconds=1)).isoformat()
    assert client.get("/api/catalog/products", {"updated_since": later}).json()["count"] == 0
    earlier = (timezone.now() - timedelta(days=1)).isoformat()
    assert client.get("/api/catalog/products", {"updated_since": earlier}).json()["count"] == 1


def test_the_list_costs_a_fixed_number_of_queries(
    db, client, organization, member_editor, operator, django_assert_max_num_queries
):
    for number in range(10):
        product = services.product_create(
            owner=organization,
            actor=member_editor,
            fields={"kind": "mooc", "title_en": f"Course {number}", "summary_en": "S"},
            outcomes=[("Explains", "en")],
        )
        services.product_submit(product=product, actor=member_editor)
        services.product_publish(product=product, actor=operator)
    with django_assert_max_num_queries(7):  # count, page, and one per related list
        assert client.get("/api/catalog/products").json()["count"] == 10


@pytest.mark.parametrize("value", ["0.5", "1700000000", "2026-11-28T10:00:00", "yesterday"])
def test_updated_since_must_be_a_zoned_date_time(db, client, value):
    response = client.get("/api/catalog/products", {"updated_since": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "updated_since"


def test_any_rfc_3339_offset_is_understood(db, client, published):
    # +19:08 is valid RFC 3339 but beyond the offsets PostgreSQL parses; the year-9999 edge
    # overflows when converted to UTC and is refused rather than crashing.
    response = client.get("/api/catalog/products", {"updated_since": "2000-01-01T20:00:00+19:08"})
    assert response.json()["count"] == 1
    edge = client.get("/api/catalog/products", {"updated_since": "9999-12-31T23:59:59-23:59"})
    assert edge.status_code == 422
