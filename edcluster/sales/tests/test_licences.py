from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from edcluster.catalog.models import Market, Product
from edcluster.sales import services
from edcluster.sales.models import Licence
from edcluster.sales.tests.factories import product_make

pytestmark = pytest.mark.django_db
TERM = {"starts_on": date(2026, 1, 1), "ends_on": date(2028, 12, 31)}


def licence_make(product, **fields) -> Licence:
    values = {"licensee_name": "Kazakh-British Technical University", "countries": ["KZ"]}
    return services.licence_create(product=product, actor=None, fields=values | TERM | fields)


def test_activating_adds_the_markets_and_replicates_an_implemented_product(organization):
    product = product_make(organization)
    Product.objects.filter(pk=product.pk).update(stage="implemented")
    licence = licence_make(product, regions=["Алтайский край"], lump_sum=Decimal("500000"))
    services.licence_activate(licence=licence, actor=None, on=timezone.localdate())
    markets = Market.objects.filter(product=product).values_list("country", "region", "kind")
    assert sorted(markets) == [("KZ", "", "adopted"), ("RU", "Алтайский край", "adopted")]
    product.refresh_from_db()
    assert product.stage == "replicated"
    assert Licence.objects.get().status == "active"


def test_a_product_at_another_stage_keeps_it(organization):
    product = product_make(organization)
    services.licence_activate(licence=licence_make(product), actor=None, on=date(2026, 2, 1))
    product.refresh_from_db()
    assert product.stage == "idea"


def test_a_licence_ending_before_it_starts_is_refused(organization):
    product = product_make(organization)
    with pytest.raises(ValidationError) as error:
        licence_make(product, starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1))
    assert "ends_on" in error.value.message_dict
    assert not Licence.objects.exists()


def test_the_api_answers_400_naming_the_field_and_409_on_a_second_activation(
    member_editor_client, organization
):
    product = product_make(organization)
    bad = member_editor_client.post(
        "/api/sales/licences",
        {
            "product": product.slug,
            "licensee_name": "X",
            "countries": ["KZ"],
            "starts_on": "2027-01-01",
            "ends_on": "2026-01-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "ends_on" in bad.json()["errors"]
    licence = licence_make(product)
    path = f"/api/sales/licences/{licence.pk}/activate"
    first = member_editor_client.post(path, {"on": "2026-03-01"}, content_type="application/json")
    assert first.json()["status"] == "active"
    again = member_editor_client.post(path, {"on": "2026-03-01"}, content_type="application/json")
    assert again.status_code == 409
