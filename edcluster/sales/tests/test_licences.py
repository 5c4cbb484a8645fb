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
PAGE_TERM = {
    "regions": "Алтайский край\n",
    "starts_on": "2026-01-01",
    "ends_on": "2027-12-31",
    "lump_sum": "250000",
    "currency": "rub",
}


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


def test_activation_records_the_markets_through_the_catalog(organization):
    from edcluster.core.models import AuditEntry

    product = product_make(organization)
    services.licence_activate(licence=licence_make(product), actor=None, on=date(2026, 2, 1))
    assert AuditEntry.objects.filter(verb="product.market_added").count() == 1


def test_a_draft_changes_a_licence_in_force_does_not(organization):
    product = product_make(organization)
    licence = licence_make(product)
    services.licence_update(licence=licence, actor=None, fields={"learner_cap": 30})
    assert Licence.objects.get().learner_cap == 30
    services.licence_activate(licence=licence, actor=None, on=date(2026, 2, 1))
    with pytest.raises(services.OrderConflict):
        services.licence_update(licence=licence, actor=None, fields={"learner_cap": 40})
    assert Licence.objects.get().learner_cap == 30


def test_ending_cancels_a_draft_and_ends_one_in_force_on_its_date(organization):
    product = product_make(organization)
    draft = services.licence_end(licence=licence_make(product), actor=None, on=date(2026, 3, 1))
    assert draft.status == "cancelled"
    active = licence_make(product)
    services.licence_activate(licence=active, actor=None, on=date(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.licence_end(licence=active, actor=None, on=date(2030, 1, 1))
    assert "on" in error.value.message_dict
    ended = services.licence_end(licence=active, actor=None, on=date(2026, 9, 30))
    assert (ended.status, ended.ends_on) == ("ended", date(2026, 9, 30))
    assert Market.objects.filter(product=product).exists()  # adopted there all the same
    with pytest.raises(services.OrderConflict):
        services.licence_end(licence=active, actor=None, on=date(2026, 10, 1))


def test_an_editor_records_and_activates_a_licence_on_the_pages(member_editor_client, organization):
    product = product_make(organization)
    bad = member_editor_client.post(
        "/en/sales/licences/new/",
        {"product": product.pk, "licensee_name": "Altai State University", **PAGE_TERM}
        | {"ends_on": "2025-01-01"},
    )
    assert bad.status_code == 400
    assert "A licence cannot end before it starts." in bad.content.decode()
    assert not Licence.objects.exists()
    made = member_editor_client.post(
        "/en/sales/licences/new/",
        {"product": product.pk, "licensee_name": "Altai State University", **PAGE_TERM},
    )
    licence = Licence.objects.get()
    assert made["Location"] == f"/en/sales/licences/{licence.pk}/"
    assert licence.regions == ["Алтайский край"]
    page = member_editor_client.get(made["Location"]).content.decode()
    assert "Put in force" in page
    assert "250,000\u00a0₽" in page
    member_editor_client.post(f"/en/sales/licences/{licence.pk}/activate/", {"on": "2026-02-01"})
    licence.refresh_from_db()
    assert licence.status == "active"
    page = member_editor_client.get(made["Location"]).content.decode()
    assert f"/en/sales/licences/{licence.pk}/activate/" not in page
    assert f"/en/sales/licences/{licence.pk}/edit/" not in page
    listing = member_editor_client.get("/en/sales/licences/?side=licensor").content.decode()
    assert "Altai State University" in listing
    assert "Алтайский край" in listing
    theirs = member_editor_client.get("/en/sales/licences/?side=licensee").content.decode()
    assert "Altai State University" not in theirs


def test_the_api_changes_a_draft_and_ends_it(member_editor_client, organization):
    licence = licence_make(product_make(organization))
    path = f"/api/sales/licences/{licence.pk}"
    bad = member_editor_client.patch(path, {"starts_on": None}, content_type="application/json")
    assert bad.status_code == 400
    assert "starts_on" in bad.json()["errors"]
    changed = member_editor_client.patch(
        path, {"countries": ["cn"], "currency": "usd"}, content_type="application/json"
    )
    assert changed.json()["countries"] == ["CN"]
    assert changed.json()["currency"] == "USD"
    ended = member_editor_client.post(
        f"{path}/end", {"on": "2026-03-01"}, content_type="application/json"
    )
    assert ended.json()["status"] == "cancelled"
