from datetime import date

import pytest

from edcluster.organizations.tests.factories import organization_make
from edcluster.sales.models import Order, Payment
from edcluster.sales.tests.factories import order_make, product_make, rate_make

pytestmark = pytest.mark.django_db
TOMSK = "Томская область"


@pytest.fixture
def product(organization):
    organization.region = TOMSK
    organization.save()
    return product_make(organization)


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_an_editor_creates_an_order_adds_a_line_signs_and_records_a_payment(
    member_editor_client, product
):
    rate_make("CNY", date(2026, 3, 2), "11.50")
    created = post(
        member_editor_client,
        "/api/sales/orders",
        {
            "buyer": {"kind": "organization", "name": "Jilin University", "country": "cn"},
            "product": product.slug,
            "on": "2026-03-01",
        },
    )
    assert created.status_code == 201, created.content
    order_id = created.json()["id"]
    assert created.json()["sellers"] == [
        {"organization": product.owners.get().slug, "share": "100.00"}
    ]
    line = post(
        member_editor_client,
        f"/api/sales/orders/{order_id}/lines",
        {
            "product": product.slug,
            "quantity": "4",
            "unit": "learners",
            "unit_price": "250",
            "currency": "CNY",
        },
    )
    assert line.status_code == 201, line.content
    signed = post(
        member_editor_client,
        f"/api/sales/orders/{order_id}/status",
        {"status": "signed", "on": "2026-03-02"},
    )
    assert signed.json()["lines"][0]["flow"] == "export_abroad"
    assert signed.json()["contracted_roubles"] == "11500.00"
    paid = post(
        member_editor_client,
        f"/api/sales/orders/{order_id}/payments",
        {"paid_on": "2026-03-20", "amount": "500", "currency": "CNY"},
    )
    assert member_editor_client.get(f"/api/sales/orders/{order_id}").json()["missing_rates"] == [
        "no CNY rate for 2026-03-20"
    ]
    assert paid.json() == [
        {
            "id": Payment.objects.get().pk,
            "paid_on": "2026-03-20",
            "amount": "500.00",
            "currency": "CNY",
            "in_roubles": {"roubles": None, "missing": "no CNY rate for 2026-03-20"},
        }
    ]
    assert_the_export_report_shows_it(member_editor_client)


def assert_the_export_report_shows_it(client):
    report = client.get("/api/sales/reports/flow").json()
    assert report["rows"] == [
        {
            "key": "export_abroad",
            "label": "export abroad",
            "contracted": "11500.00",
            "received": "0.00",
            "left_out": 1,
        }
    ]
    assert report["export_share"] == "100.0"


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("sellers", {"sellers": [{"organization": "acme", "share": "90"}]}, "sellers"),
        (
            "lines",
            {
                "product": "?",
                "quantity": "-1",
                "unit": "hours",
                "unit_price": "1",
                "currency": "RUB",
            },
            "quantity",
        ),
        (
            "lines",
            {
                "product": "?",
                "quantity": "1",
                "unit": "hours",
                "unit_price": "1",
                "currency": "XXX",
            },
            "currency",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field(member_editor_client, product, path, data, field):
    order = order_make(product)
    if "product" in data:
        data["product"] = product.slug
    call = member_editor_client.put if path == "sellers" else member_editor_client.post
    response = call(f"/api/sales/orders/{order.pk}/{path}", data, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert order.lines.count() == 1


def test_a_payment_on_a_cancelled_order_is_409(member_editor_client, product):
    order = order_make(product, signed_on=date(2026, 3, 2))
    post(
        member_editor_client,
        f"/api/sales/orders/{order.pk}/status",
        {"status": "cancelled", "on": "2026-03-03"},
    )
    response = post(
        member_editor_client,
        f"/api/sales/orders/{order.pk}/payments",
        {"paid_on": "2026-03-04", "amount": "1", "currency": "RUB"},
    )
    assert response.status_code == 409
    assert not Payment.objects.exists()


def test_the_buyers_staff_read_and_may_not_write(client, product, django_user_model):
    from edcluster.accounts.tests.factories import member_make

    buyer = organization_make("gazprom", region=TOMSK)
    order = order_make(
        product,
        buyer={
            "buyer_kind": "member",
            "buyer_organization": buyer,
            "buyer_name": "G",
            "buyer_country": "RU",
            "buyer_region": TOMSK,
        },
    )
    client.force_login(member_make(buyer, "staff@gazprom.example", "viewer"))
    assert client.get(f"/api/sales/orders/{order.pk}").status_code == 200
    assert [o["id"] for o in client.get("/api/sales/orders").json()["items"]] == [order.pk]
    response = post(
        client, f"/api/sales/orders/{order.pk}/status", {"status": "signed", "on": "2026-12-01"}
    )
    assert response.status_code == 403
    assert Order.objects.get().status == "quote"
