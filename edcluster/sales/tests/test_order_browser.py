"""An accepted offer becomes an order, is paid and shows in the export report, in a real
headless Chromium, in English and in Russian: a Tomsk member's product was offered to an
employer in Kazakhstan, who accepted it. The member's editor opens the offer where it
was accepted, on the employer's request page, uses "Create an order" (the form comes
prefilled with the seller, product and buyer), saves the quote, adds a line in tenge (htmx),
signs it on 2 November 2026 and records a payment in tenge on 20 November 2026. The rates of
those days convert it: 20 × 150,000 KZT at 0.18 ₽ is 540,000 ₽ contracted, 1,500,000 KZT at
0.19 ₽ is 285,000 ₽ received. The reports page shows both on Kazakhstan's row and on the
export-abroad row, written as the page writes money, and the country report's CSV downloaded
through the page's link holds the same row."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from edcluster.matching.models import Offer
from edcluster.organizations.models import Organization
from edcluster.sales.models import Line, Order, Payment
from edcluster.sales.tests.factories import accepted_offer, rate_make
from edcluster.testing import PASSWORD
from edcluster.testing.browser import console_errors_of, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]

QUOTED_ON, SIGNED_ON, PAID_ON = date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 20)
# The figures as the page writes money in each language (no-break spaces between groups).
FIGURES = {
    "en": {
        "contracted": "540,000\u00a0₽",
        "received": "285,000\u00a0₽",
        "country": "Kazakhstan",
        "line": "3,000,000\u00a0KZT",
    },
    "ru": {
        "contracted": "540\u00a0000\u00a0₽",
        "received": "285\u00a0000\u00a0₽",
        "country": "Казахстан",
        "line": "3\u00a0000\u00a0000\u00a0KZT",
    },
}


def signed_in(chromium, base: str, user, language: str):
    locale = "ru-RU" if language == "ru" else "en-GB"
    context = chromium.new_context(
        locale=locale, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def create_from_offer(page, base: str, language: str, offer: Offer) -> None:
    """The seller's editor opens the employer's request, finds the offer accepted there and
    uses "Create an order": the prefilled form, saved with a number and the quote's date."""
    from playwright.sync_api import expect

    page.goto(f"{base}/{language}/demand/requests/{offer.request_id}/")
    offers = page.locator("#offers article", has_text="Mining data analytics")
    expect(offers.locator(".offer-accepted")).to_have_count(1)
    section = page.locator("#orders-from-offers")
    link = section.get_by_role("link", name=gettext("Create an order"))
    expect(link).to_have_attribute("href", f"/{language}/sales/from-offer/{offer.pk}/")
    waiting = page.request.get(f"{base}/{language}/sales/").text()
    assert f"/{language}/sales/from-offer/{offer.pk}/" in waiting  # and on the sales page
    link.click()
    page.wait_for_url(f"**/{language}/sales/from-offer/{offer.pk}/")
    form = page.locator("form.stacked")
    expect(form.locator("select[name=seller]")).to_have_value(str(offer.organization_id))
    expect(form.locator("select[name=product]")).to_have_value(str(offer.product_id))
    expect(form.locator("select[name=buyer_kind]")).to_have_value("member")
    expect(form.locator("select[name=buyer_organization]")).to_have_value(
        str(offer.request.organization_id)
    )
    form.locator("[name=number]").fill("KZ-2026-7")
    form.locator("[name=on]").fill(QUOTED_ON.isoformat())
    form.get_by_role("button", name=gettext("Create the quote")).click()
    page.wait_for_url(f"**/{language}/sales/*/")


def sign_and_pay(page, order: Order, figures: dict) -> None:
    """A line in tenge by htmx, the order signed, a payment in tenge recorded."""
    from playwright.sync_api import expect

    lines = page.locator("#lines")
    lines.get_by_text(gettext("Add a line")).click()
    lines.locator("select[name=product]").select_option(label="Mining data analytics")
    lines.locator("[name=quantity]").fill("20")
    lines.locator("select[name=unit]").select_option(value=Line.Unit.LEARNERS)
    lines.locator("[name=unit_price]").fill("150000")
    lines.locator("[name=currency]").fill("KZT")
    lines.get_by_role("button", name=gettext("Add"), exact=True).click()
    expect(page.locator("#lines tbody tr")).to_have_count(1)
    expect(page.locator("#lines tbody")).to_contain_text(figures["line"])
    assert order.lines.get().currency == "KZT"

    status = page.locator(f"form[action$='/sales/{order.pk}/status/']")
    status.locator("select[name=status]").select_option(value=Order.Status.SIGNED)
    status.locator("[name=on]").fill(SIGNED_ON.isoformat())
    status.locator("button[type=submit]").click()
    expect(page.locator("h1 .badge")).to_have_text(str(Order.Status.SIGNED.label))
    expect(page.locator("#lines")).to_contain_text(figures["contracted"])  # at signing's rate
    order.refresh_from_db()
    assert (order.status, order.signed_on) == ("signed", SIGNED_ON)

    page.get_by_text(gettext("Record a payment")).click()
    payment = page.locator(f"form[action$='/sales/{order.pk}/payments/']")
    payment.locator("[name=paid_on]").fill(PAID_ON.isoformat())
    payment.locator("[name=amount]").fill("1500000")
    payment.locator("[name=currency]").fill("KZT")
    payment.get_by_role("button", name=gettext("Record")).click()
    expect(page.locator("main")).to_contain_text(figures["received"])  # at the payment's rate
    paid = Payment.objects.get(order=order)
    assert (paid.paid_on, paid.amount, paid.currency) == (PAID_ON, Decimal("1500000"), "KZT")


def report_row(page, title: str, label: str):
    section = page.locator("section", has=page.get_by_role("heading", name=title, exact=True))
    return section, section.locator("tbody tr", has_text=label)


def cells(row) -> list[str]:
    return [text.strip() for text in row.locator("td").all_text_contents()]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_accepted_offer_becomes_an_order_paid_and_reported_as_export(
    live_server, transactional_db, chromium, organization, member_editor, language
):
    from playwright.sync_api import expect

    Organization.objects.filter(pk=organization.pk).update(region="Томская область")
    organization.refresh_from_db()
    offer = accepted_offer(organization, member_editor)
    rate_make("KZT", SIGNED_ON, "0.18")
    rate_make("KZT", PAID_ON, "0.19")
    rate_make("KZT", date(2026, 11, 19), "0.5")  # another day's rate is not the payment's
    figures = FIGURES[language]

    page = signed_in(chromium, live_server.url, member_editor, language)
    errors = console_errors_of(page)
    with translation.override(language):
        create_from_offer(page, live_server.url, language, offer)
        order = Order.objects.get(number="KZ-2026-7")
        assert (order.origin_offer_id, order.buyer_country) == (offer.pk, "KZ")
        assert list(order.sellers.values_list("organization_id", "share")) == [
            (organization.pk, Decimal(100))
        ]
        sign_and_pay(page, order, figures)

        page.goto(f"{live_server.url}/{language}/sales/")
        expect(page.locator(f"a[href$='/sales/from-offer/{offer.pk}/']")).to_have_count(0)
        page.goto(f"{live_server.url}/{language}/demand/requests/{offer.request_id}/")
        made = page.locator("#orders-from-offers")
        expect(made.locator(f"a[href$='/sales/from-offer/{offer.pk}/']")).to_have_count(0)
        expect(made.get_by_role("link", name="KZ-2026-7")).to_have_attribute(
            "href", f"/{language}/sales/{order.pk}/"
        )

        page.goto(f"{live_server.url}/{language}/sales/reports/")
        section, row = report_row(page, gettext("By buyer's country"), figures["country"])
        assert cells(row) == [figures["country"], figures["contracted"], figures["received"], ""]
        _flows, export = report_row(page, gettext("By flow"), gettext("export abroad"))
        assert cells(export)[1:] == [figures["contracted"], figures["received"], ""]

        with page.expect_download() as download:
            section.get_by_role("link", name="CSV", exact=True).click()
        body = open(download.value.path(), encoding="utf-8-sig").read()
        header = [
            gettext("Key"),
            gettext("Name"),
            gettext("Contracted, roubles"),
            gettext("Received, roubles"),
            gettext("Figures without a rate"),
        ]
    table = list(csv.reader(io.StringIO(body)))
    assert table == [header, ["KZ", figures["country"], "540000.00", "285000.00", "0"]]
    assert download.value.suggested_filename == "sales-country.csv"
    assert errors == []
