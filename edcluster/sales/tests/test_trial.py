"""What the trial found on the pages: the actions each status allows (and only those), money
and quantities written for the reader, quarters and foreign buyers' places in the reports."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from edcluster.sales import services
from edcluster.sales.models import Line
from edcluster.sales.tests.factories import external_buyer, order_make, product_make
from edcluster.sales.wording import place_text, quantity_text, quarter_text

pytestmark = pytest.mark.django_db
ACTIONS = {
    "lines": "/lines/",
    "payments": "/payments/",
    "moves": "/status/",
    "parties": "/sellers/",
}


@pytest.fixture
def product(organization):
    return product_make(organization)


def _order_at(product, status: str):
    order = order_make(product, signed_on=None if status == "quote" else date(2026, 3, 2))
    path = {"delivered": ["delivered"], "closed": ["paid", "closed"], "cancelled": ["cancelled"]}
    for step in path.get(status, []):
        order = services.order_move(order=order, actor=None, to=step, on=date(2026, 4, 1))
    return order


@pytest.mark.parametrize("status", ["quote", "signed", "delivered", "closed", "cancelled"])
def test_the_page_offers_exactly_the_actions_the_services_allow(
    member_editor_client, product, status
):
    order = _order_at(product, status)
    page = member_editor_client.get(f"/en/sales/{order.pk}/").content.decode()
    rules = services.order_rules(order)
    for rule, suffix in ACTIONS.items():
        shown = f'action="/en/sales/{order.pk}{suffix}"' in page
        assert shown == rules[rule], (status, rule)
    assert ("/remove/" in page) == rules["lines"]
    assert rules["lines"] == (status == "quote")


def test_a_signed_order_refuses_its_lines_changes_on_page_and_api(member_editor_client, product):
    order = _order_at(product, "signed")
    line = order.lines.get()
    member_editor_client.post(f"/en/sales/{order.pk}/lines/{line.pk}/remove/")
    answer = member_editor_client.delete(f"/api/sales/orders/{order.pk}/lines/{line.pk}")
    assert answer.status_code == 409
    assert Line.objects.filter(pk=line.pk).exists()


def test_quantities_take_their_plural_and_fractions_the_form_of_two():
    with translation.override("en"):
        assert quantity_text(Decimal("1"), "hours") == "1 hour"
        assert quantity_text(Decimal("11.00"), "hours") == "11 hours"
        assert quantity_text(Decimal("2.50"), "seats") == "2.5 seats"
        assert quantity_text(Decimal("1"), "licences") == "1 licence"


def test_quarters_and_places_read_as_people_write_them():
    with translation.override("en"):
        assert quarter_text("2024-Q1") == "Q1 2024"
        assert quarter_text("2024-Q4") == "Q4 2024"
        assert place_text("KZ", "") == "abroad: Kazakhstan"
        assert place_text("RU", "Москва") == "Москва"
        assert place_text("RU", "") == "Russia, region not given"


def test_the_region_report_puts_foreign_buyers_abroad(member_editor_client, product):
    order_make(product, buyer=external_buyer(country="KZ"), signed_on=date(2024, 2, 1))
    order_make(
        product, buyer=external_buyer(country="RU", region="Москва"), signed_on=date(2024, 5, 1)
    )
    page = member_editor_client.get("/en/sales/reports/").content.decode()
    assert "abroad: Kazakhstan" in page
    assert "Q1 2024" in page
    assert "Q2 2024" in page
    assert "2024-Q1" not in page
    assert "not given" not in page
    assert "10,000\u00a0₽" in page  # ten learners at 1,000 roubles
    assert "Figures without a rate" in page
