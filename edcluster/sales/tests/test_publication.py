"""Operators publish a year's aggregates; the public page and API show only those."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from edcluster.sales import services
from edcluster.sales.models import PublishedYear
from edcluster.sales.tests.factories import external_buyer, order_make, product_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organization):
    return product_make(organization)


def test_a_year_is_published_as_it_is_then_and_taken_back(product, operator, member_editor):
    order_make(product, buyer=external_buyer("Secret Buyer LLP"), signed_on=date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        services.year_publish(year=2026, actor=member_editor)
    with pytest.raises(ValidationError) as error:
        services.year_publish(year=2019, actor=operator)
    assert "year" in error.value.message_dict
    published = services.year_publish(year=2026, actor=operator)
    assert published.figures["contracted"] == "10000.00"
    assert published.figures["export_share"] == "100.0"
    assert published.figures["country"] == [
        {"key": "KZ", "contracted": "10000.00", "received": "0.00"}
    ]
    assert "Secret Buyer" not in str(published.figures)
    order_make(product, signed_on=date(2026, 5, 5))  # not public until published again
    assert PublishedYear.objects.get().figures["contracted"] == "10000.00"
    assert services.year_publish(year=2026, actor=operator).figures["contracted"] == "20000.00"
    services.year_unpublish(year=2026, actor=operator)
    assert not PublishedYear.objects.exists()


def test_the_public_page_and_api_show_the_published_year_to_anyone(
    product, operator_client, client
):
    order_make(product, signed_on=date(2025, 8, 1))
    assert (
        "No year's figures are published yet." in client.get("/en/sales/public/").content.decode()
    )
    reports = operator_client.get("/en/sales/reports/?year=2025").content.decode()
    assert "Publish 2025" in reports
    answer = operator_client.post("/en/sales/reports/publish/", {"year": "2025"})
    assert answer["Location"] == "/en/sales/public/"
    page = client.get("/en/sales/public/").content.decode()
    assert "Q3 2025" in page
    assert "Kazakhstan" in page
    assert "10,000\u00a0₽" in page
    assert "Astana IT Hub" not in page
    api = client.get("/api/sales/published").json()["items"]
    assert api[0]["year"] == 2025
    assert Decimal(api[0]["figures"]["contracted"]) == 10000
    assert client.get("/en/sales/public/?year=2024").status_code == 404
