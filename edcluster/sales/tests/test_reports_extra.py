"""Top buyers, licences in force by territory, and the charts' data on the reports page."""

import json
from datetime import date
from decimal import Decimal

import pytest

from edcluster.organizations.tests.factories import organization_make
from edcluster.sales import reports, reports_extra, services
from edcluster.sales.tests.factories import external_buyer, order_make, product_make, rate_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organization):
    return product_make(organization)


def test_top_buyers_sum_in_roubles_by_share_and_count_what_has_no_rate(
    product, organization, member_editor, operator
):
    partner = organization_make("partner-u")
    rate_make("USD", date(2026, 3, 2), "80")
    order_make(
        product,
        buyer=external_buyer("Astana IT Hub"),
        lines=[(2, "100", "USD")],
        signed_on=date(2026, 3, 2),
    )
    order_make(
        product,
        buyer=external_buyer("Ulaanbaatar School", country="MN"),
        sellers=[(organization, Decimal(60)), (partner, Decimal(40))],
        lines=[(1, "50000", "RUB"), (1, "10", "CNY")],
        signed_on=date(2026, 4, 1),
    )
    order_make(product, buyer=external_buyer("Quote Only"))  # a quote counts for nothing
    everyone = reports_extra.top_buyers(viewer=operator)
    assert [(b.name, b.contracted, b.left_out) for b in everyone] == [
        ("Ulaanbaatar School", Decimal("50000.00"), 1),
        ("Astana IT Hub", Decimal("16000.00"), 0),
    ]
    assert everyone[1].place == "abroad: Kazakhstan"
    mine = reports_extra.top_buyers(viewer=member_editor)
    assert [(b.name, b.contracted) for b in mine] == [
        ("Ulaanbaatar School", Decimal("30000.00")),  # Acme's 60 %
        ("Astana IT Hub", Decimal("16000.00")),
    ]
    assert reports_extra.top_buyers(viewer=operator, year=2025) == []


def test_licences_in_force_by_each_place_of_their_territory(product, operator):
    fields = {"licensee_name": "KBTU", "starts_on": date(2026, 1, 1), "ends_on": date(2027, 6, 30)}
    one = services.licence_create(
        product=product,
        actor=None,
        fields=fields | {"countries": ["KZ"], "regions": ["Алтайский край"]},
    )
    two = services.licence_create(
        product=product, actor=None, fields=fields | {"countries": ["KZ"]}
    )
    services.licence_create(product=product, actor=None, fields=fields | {"countries": ["CN"]})
    for licence in (one, two):
        services.licence_activate(licence=licence, actor=None, on=date(2026, 2, 1))
    found = reports_extra.licences_in_force(viewer=operator, on=date(2026, 12, 1))
    assert [(t.place, t.licences) for t in found] == [("Kazakhstan", 2), ("Алтайский край", 1)]
    assert reports_extra.licences_in_force(viewer=operator, year=2028) == []
    assert len(reports_extra.licences_in_force(viewer=operator, on=date(2025, 12, 31))) == 0


def test_the_reports_page_carries_the_charts_and_map_data(product, member_editor_client):
    order_make(product, buyer=external_buyer(country="KZ"), signed_on=date(2026, 3, 2))
    page = member_editor_client.get("/en/sales/reports/").content.decode()
    start = page.index('<script id="chart-map" type="application/json">') + 47
    mapped = json.loads(page[start : page.index("</script>", start)])
    assert mapped["rows"] == [{"id": "398", "name": "Kazakhstan", "value": 10000.0}]
    assert 'data-chart="columns" data-source="chart-periods"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "Top buyers" in page


def test_chart_data_follows_the_rows(product, operator):
    order_make(product, signed_on=date(2026, 3, 2))
    data = reports_extra.chart(reports.report(viewer=operator, name="period"))
    assert data == {"labels": ["Q1 2026"], "values": [10000.0]}


def test_the_product_report_is_paged_biggest_first(organization, operator, client):
    """Thousands of products sold: the API answers `limit` rows from `offset` with the count
    of all, the page shows the biggest 20 and says so, the CSV keeps every row."""
    sold = []
    for i in range(23):  # contracted 1,000 … 23,000 roubles: product 22 biggest
        item = product_make(organization, title_en=f"Course {i:02}")
        order_make(item, lines=[(1, str(1000 * (i + 1)), "RUB")], signed_on=date(2026, 3, 2))
        sold.append(item)
    client.force_login(operator)
    page = client.get("/api/sales/reports/product?limit=5&offset=2").json()
    assert page["count"] == 23
    assert [row["contracted"] for row in page["rows"]] == [
        "21000.00",
        "20000.00",
        "19000.00",
        "18000.00",
        "17000.00",
    ]
    assert page["rows"][0]["key"] == str(sold[20].pk)
    assert page["contracted"] == str(Decimal(1000 * 23 * 24 // 2)) + ".00"  # the whole report's
    assert len(client.get("/api/sales/reports/product").json()["rows"]) == 23  # default 100
    assert client.get("/api/sales/reports/product?limit=0").status_code == 422
    full = reports.report(viewer=operator, name="product")
    paged = reports.report(viewer=operator, name="product", limit=100)
    assert paged == full
    html = client.get("/en/sales/reports/").content.decode()
    assert "The biggest 20 of 23; every row in" in html
    assert "Course 02" not in html.split("By product")[1].split("</table>")[0]
    csv = client.get("/en/sales/reports/?report=product&format=csv").content.decode()
    assert csv.count("Course ") == 23


def test_the_product_reports_page_is_the_whole_reports_head_for_every_viewer(
    organization, operator
):
    """The page read off the ranked index (the cluster's rows, or one member's) and the page
    summed over several members' rows are the whole report's first rows, ties by product, with
    the count of all; over all years and over one."""
    from edcluster.accounts.models import Membership
    from edcluster.testing import make_user

    partner = organization_make("partner-u", country="RU", region="Томская область")
    one, both = make_user("one@example.org"), make_user("both@example.org")
    Membership.objects.create(user=one, organization=organization, role=Membership.Role.VIEWER)
    for member in (organization, partner):
        Membership.objects.create(user=both, organization=member, role=Membership.Role.VIEWER)
    for i in range(7):  # equal sums in pairs: the ties go by product
        item = product_make(organization, title_en=f"Course {i}")
        shared = [(organization, Decimal(50)), (partner, Decimal(50))] if i % 2 else None
        order_make(
            item,
            sellers=shared,
            lines=[(1, str(1000 * (i // 2 + 1)), "RUB")],
            signed_on=date(2025 if i % 3 else 2026, 3, 2),
        )
    for viewer in (operator, one, both):
        for year in (None, 2025):
            full = reports.report(viewer=viewer, name="product", year=year)
            assert reports.report_size(viewer=viewer, name="product", year=year) == len(full)
            for offset, limit in ((0, 3), (2, 3), (5, 100)):
                paged = reports.report(
                    viewer=viewer, name="product", year=year, limit=limit, offset=offset
                )
                assert paged == full[offset : offset + limit], (viewer, year, offset)
    assert len(reports.report(viewer=one, name="product")) == 7
    assert len(reports.report(viewer=both, name="product", year=2025)) == 4
