from datetime import date

import pytest

from edcluster.sales.models import Line, Order, Payment
from edcluster.sales.tests.factories import order_make, product_make, rate_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organization):
    return product_make(organization)


def test_an_editor_makes_an_order_on_the_pages(member_editor_client, organization, product):
    response = member_editor_client.post(
        "/en/sales/new/",
        {
            "seller": organization.pk,
            "product": product.pk,
            "on": "2026-03-01",
            "buyer_kind": "organization",
            "buyer_name": "Ulaanbaatar IT School",
            "buyer_country": "MN",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/sales/{order.pk}/"
    line = member_editor_client.post(
        f"/en/sales/{order.pk}/lines/",
        {
            "product": product.pk,
            "quantity": "3",
            "unit": "seats",
            "unit_price": "100",
            "currency": "usd",
        },
        HTTP_HX_REQUEST="true",
    )
    assert line.status_code == 200
    assert b'id="lines"' in line.content
    assert b"<h1>" not in line.content
    assert Line.objects.get(order=order).currency == "USD"
    rate_make("USD", date(2026, 3, 2), "80")
    member_editor_client.post(
        f"/en/sales/{order.pk}/status/", {"status": "signed", "on": "2026-03-02"}
    )
    paid = member_editor_client.post(
        f"/en/sales/{order.pk}/payments/",
        {"paid_on": "2026-03-05", "amount": "150", "currency": "USD"},
    )
    assert paid.status_code == 302
    page = member_editor_client.get(f"/en/sales/{order.pk}/").content.decode()
    assert "24,000\u00a0₽" in page  # 300 USD at 80
    assert "12,000\u00a0₽" in page  # 150 USD at the rate of 2 March, the last in the week
    assert "100\u00a0USD" in page
    assert "3 seats" in page
    report = member_editor_client.get("/en/sales/reports/").content.decode()
    assert "export abroad" in report
    assert "24,000\u00a0₽" in report


def test_a_bad_line_shows_the_form_again_and_writes_nothing(member_editor_client, product):
    order = order_make(product)
    response = member_editor_client.post(
        f"/en/sales/{order.pk}/lines/",
        {
            "product": product.pk,
            "quantity": "-2",
            "unit": "seats",
            "unit_price": "1",
            "currency": "RUB",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "The quantity is more than zero." in response.content.decode()
    assert order.lines.count() == 1


def test_a_payment_on_a_quote_is_refused_with_its_reason(member_editor_client, product):
    order = order_make(product)
    response = member_editor_client.post(
        f"/en/sales/{order.pk}/payments/",
        {"paid_on": "2026-03-05", "amount": "1", "currency": "RUB"},
    )
    assert response.status_code == 400
    assert "A payment cannot be recorded on an order that is quote." in response.content.decode()
    assert not Payment.objects.exists()


def test_reports_download_as_csv(member_editor_client, product):
    order_make(product, lines=[(2, "10.50", "RUB")], signed_on=date(2026, 3, 2))
    response = member_editor_client.get("/en/sales/reports/?report=year&format=csv")
    assert response.content.decode().splitlines()[1:] == ["2026,2026,21.00,0.00,0"]


def test_the_lists_queries_do_not_grow_with_its_orders(member_editor_client, product):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member_editor_client.get("/en/sales/")  # the session and the menu's caches warm
    counts = []
    for _round in range(2):
        for _index in range(4):
            order_make(product, signed_on=date(2026, 3, 2))
        with CaptureQueriesContext(connection) as queries:
            response = member_editor_client.get("/en/sales/")
        counts.append(len(queries))
    assert response.content.decode().count('href="/en/sales/') >= 8
    assert counts[0] == counts[1]


def test_an_accepted_offer_becomes_an_order(member_editor_client, organization, product):
    from edcluster.demand.models import DemandRequest
    from edcluster.matching.tests.factories import offer
    from edcluster.organizations.tests.factories import organization_make

    employer = organization_make("gazprom", name_en="Gazprom")
    request = DemandRequest.objects.create(
        organization=employer, title="Data engineers", headcount=5, needed_by=date(2027, 1, 1)
    )
    accepted = offer(request=request, product=product, status="accepted", organization=organization)
    listed = member_editor_client.get("/en/sales/").content.decode()
    assert f"/en/sales/from-offer/{accepted.pk}/" in listed
    form = member_editor_client.get(f"/en/sales/from-offer/{accepted.pk}/").context["form"]
    assert form.initial["buyer_organization"] == employer.pk
    response = member_editor_client.post(
        f"/en/sales/from-offer/{accepted.pk}/",
        {
            "seller": organization.pk,
            "product": product.pk,
            "buyer_kind": "member",
            "buyer_organization": employer.pk,
            "on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.origin_offer, order.buyer_organization) == (accepted, employer)
    assert (
        f"/en/sales/from-offer/{accepted.pk}/"
        not in member_editor_client.get("/en/sales/").content.decode()
    )
