"""The API of runs and enquiries: cancel a run, ask the owners, list and answer enquiries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from edcluster.catalog import services
from edcluster.catalog.models import Enquiry
from edcluster.catalog.tests.factories import published
from edcluster.core.models import AuditEntry

SOON = timezone.localdate() + timedelta(days=20)
ASK = {"name": "Ivan", "email": "ivan@example.net", "message": "Is there a May group?"}


def post(client, url, data=None, **extra):
    return client.post(url, data or {}, content_type="application/json", **extra)


@pytest.fixture
def product(organization, member_editor):
    return published(owner=organization, title_ru="Анализ данных")


@pytest.fixture
def run(product, member_editor):
    return services.offering_save(
        product=product,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON + timedelta(days=5), "is_online": True},
    )


def test_a_run_is_created_with_its_link_and_cancelled(member_editor_client, product):
    url = f"/api/catalog/products/{product.slug}/offerings"
    data = {
        "starts_on": SOON.isoformat(),
        "ends_on": (SOON + timedelta(days=3)).isoformat(),
        "place": "Томск",
        "seats": 10,
        "enrolled": 4,
        "enrolment_url": "https://enrol.example/run",
    }
    created = post(member_editor_client, url, data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["enrolment_url"] == "https://enrol.example/run"
    assert body["seats_left"] == 6
    assert body["cancelled_at"] is None
    cancelled = post(member_editor_client, f"{url}/{body['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled_at"] is not None
    again = post(member_editor_client, f"{url}/{body['id']}/cancel")
    assert again.status_code == 400
    changed = member_editor_client.put(f"{url}/{body['id']}", data, content_type="application/json")
    assert changed.status_code == 400


def test_a_bad_enrolment_link_names_the_field(member_editor_client, product):
    url = f"/api/catalog/products/{product.slug}/offerings"
    data = {"starts_on": SOON.isoformat(), "ends_on": SOON.isoformat(), "is_online": True}
    response = post(member_editor_client, url, data | {"enrolment_url": "javascript:alert(1)"})
    assert response.status_code in {400, 422}
    assert "enrolment_url" in response.text
    assert not product.offerings.exists()


def test_anyone_asks_through_the_api_and_editors_answer(
    client, member_editor_client, member_viewer_client, product, run
):
    url = f"/api/catalog/products/{product.slug}/enquiries"
    response = post(client, url, ASK | {"offering": run.pk})
    assert response.status_code == 201, response.content
    enquiry = Enquiry.objects.get()
    assert enquiry.offering == run
    assert AuditEntry.objects.filter(verb="enquiry.received").count() == 1
    assert member_viewer_client.get(url).status_code == 403
    listed = member_editor_client.get(url).json()
    assert [item["email"] for item in listed] == ["ivan@example.net"]
    assert listed[0]["offering"] == run.pk
    answered = post(member_editor_client, f"{url}/{enquiry.pk}/answered")
    assert answered.status_code == 200
    assert answered.json()["answered_at"] is not None


def test_a_bad_e_mail_is_refused_by_name(client, product):
    url = f"/api/catalog/products/{product.slug}/enquiries"
    response = post(client, url, ASK | {"email": "not-an-address"})
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert not Enquiry.objects.exists()


def test_the_api_answers_429_over_the_limit(client, product):
    url = f"/api/catalog/products/{product.slug}/enquiries"
    for _number in range(5):
        assert post(client, url, ASK).status_code == 201
    refused = post(client, url, ASK)
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert Enquiry.objects.count() == 5


def test_a_run_of_another_product_is_not_found(client, product, organization, member_editor):
    other = published(owner=organization, title_ru="Другой курс")
    foreign = services.offering_save(
        product=other,
        actor=member_editor,
        fields={"starts_on": SOON, "ends_on": SOON, "is_online": True},
    )
    url = f"/api/catalog/products/{product.slug}/enquiries"
    assert post(client, url, ASK | {"offering": foreign.pk}).status_code == 404
    assert not Enquiry.objects.exists()
