"""The partners map: figures per country against hand counts, the filters, the table and the
downloads in both languages, the API, and a query count that does not grow with the countries.

The arrangement (Acme's staff see Acme's agreements; operators see all):
- partners: Jilin and PKU (China), SNU (South Korea), MIT (USA), NUS (Singapore, no agreement);
- IIA-1: Acme–Jilin mobility, 2026-09 to 2031-08, in effect; Acme→Jilin 4 a year and
  Jilin→Acme 2 a year, 2026/2027–2028/2029; 3 mobilities used in 2026/2027;
- MOU-1: Acme–Jilin–SNU MoU, 2024–2025, draft;
- DEG-1: Acme–MIT double degree, 2026-09 to 2031-08, draft;
- RES-1: Globex–PKU research, 2027–2029, draft (Acme's staff do not see it)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edcluster.partnerships import services
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.selectors.country_map import MapFilters, country_map
from edcluster.partnerships.tests.factories import (
    agreement_make,
    condition_data,
    condition_make,
    isced_make,
    partner_make,
    sign,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
K = Agreement.Kind


@pytest.fixture
def world(organization, other_organization):
    isced_make()
    jilin = partner_make()
    pku = partner_make("pku", domain="pku.edu.cn", name_en="Peking University")
    snu = partner_make("snu", domain="snu.ac.kr", name_en="SNU", country="KR")
    mit = partner_make("mit", domain="mit.edu", name_en="MIT", country="US")
    partner_make("nus", domain="nus.edu.sg", name_en="NUS", country="SG")
    iia = agreement_make(organization, jilin)
    out = condition_make(iia, organization, jilin, mobilities_per_year=4)
    condition_make(iia, jilin, organization, mobilities_per_year=2)
    sign(iia, organization)
    sign(iia, jilin)
    services.quota_use_set(condition=out, actor=None, academic_year="2026/2027", used=3)
    dates = {"valid_from": date(2024, 1, 1), "valid_until": date(2025, 12, 31)}
    agreement_make(organization, jilin, snu, kind=K.MOU, code="MOU-1", **dates)
    agreement_make(organization, mit, kind=K.DEGREE, code="DEG-1")
    dates = {"valid_from": date(2027, 1, 1), "valid_until": date(2029, 12, 31)}
    agreement_make(other_organization, pku, kind=K.RESEARCH, code="RES-1", **dates)
    return iia


def figures(viewer, **filters) -> dict[str, dict[str, int]]:
    found = country_map(viewer=viewer, filters=MapFilters(**filters))
    return {row.country: {k: v for k, v in row.values.items() if v} for row in found.rows}


def test_the_figures_are_the_hand_counts(world, member_viewer):
    assert Agreement.objects.get(pk=world.pk).status == "in_effect"
    assert figures(member_viewer) == {
        "CN": {"partners": 2, "agreements": 2, "in_effect": 1, "draft": 1, "quota": 6, "used": 3},
        "KR": {"partners": 1, "agreements": 1, "draft": 1},
        "US": {"partners": 1, "agreements": 1, "draft": 1},
        "SG": {"partners": 1},
    }
    totals = country_map(viewer=member_viewer, filters=MapFilters()).totals
    # MOU-1 counts in China and Korea, once in the total.
    assert (totals["partners"], totals["agreements"], totals["draft"]) == (5, 3, 2)
    assert (totals["quota"], totals["used"]) == (6, 3)


def test_an_operator_counts_every_agreement(world, operator):
    assert figures(operator)["CN"]["agreements"] == 3
    assert figures(operator, member="globex") == {
        "CN": {"partners": 1, "agreements": 1, "draft": 1}
    }


def test_region_kind_and_year_filters(world, member_viewer):
    assert set(figures(member_viewer, group="east")) == {"CN", "KR"}
    assert set(figures(member_viewer, group="south_east")) == {"SG"}
    # Filtering by kind counts only the partners of such agreements.
    assert figures(member_viewer, kind=K.MOU) == {
        "CN": {"partners": 1, "agreements": 1, "draft": 1},
        "KR": {"partners": 1, "agreements": 1, "draft": 1},
    }
    assert set(figures(member_viewer, year=2025)) == {"CN", "KR"}
    in_2027 = figures(member_viewer, year=2027)
    assert in_2027["CN"] == {"partners": 1, "agreements": 1, "in_effect": 1, "quota": 6}
    assert set(in_2027) == {"CN", "US"}
    assert figures(member_viewer, year=2026)["CN"]["used"] == 3
    assert figures(member_viewer, year=2030) == {
        "US": {"partners": 1, "agreements": 1, "draft": 1},
        "CN": {"partners": 1, "agreements": 1, "in_effect": 1},
    }


def test_an_amendment_awaiting_signatures_keeps_the_quota_in_effect(
    world, member_viewer, organization
):
    jilin = world.parties.get(organization__slug="jilin").organization
    version = services.agreement_amend(agreement=world, actor=None)
    condition = version.conditions.get(sending_party__organization=organization)
    data = condition_data(world, organization, jilin, mobilities_per_year=10)
    services.condition_update(condition=condition, actor=None, data=data)
    assert figures(member_viewer)["CN"]["quota"] == 6  # version 1 stays in effect
    sign(world, organization)
    sign(world, jilin)
    assert figures(member_viewer)["CN"]["quota"] == 12  # version 2 now


def map_queries(viewer, **filters) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        country_map(viewer=viewer, filters=MapFilters(**filters))
    return [query["sql"] for query in queries]


def test_the_query_count_grows_with_neither_countries_nor_agreements(
    world, operator, member_viewer, organization
):
    def counted(viewer, **filters) -> int:
        return len(map_queries(viewer, **filters))

    before = [counted(operator), counted(member_viewer), counted(operator, year=2026, kind="mou")]
    for index, country in enumerate(("JP", "VN", "IN", "AU", "NZ", "TH")):
        partner = partner_make(f"p{index}", domain=f"p{index}.example", country=country)
        for number in range(3):
            agreement = agreement_make(organization, partner, code=f"M{index}-{number}")
            condition_make(agreement, organization, partner)
    after = [counted(operator), counted(member_viewer), counted(operator, year=2026, kind="mou")]
    # This app's (partners, agreements by country and status, by status, quotas and their use
    # by country) are grouped from the map's summary, never a row per agreement; a member's
    # staff are asked first whether they may read partners. A higher app's sources (projects'
    # programmes and laboratories) add theirs, pinned in their own tests.
    assert after == before
    assert not any("partnerships_cooperationcondition" in sql for sql in map_queries(operator))


def test_every_write_counts_at_once(world, member_viewer):
    condition = world.versions.get().conditions.order_by("pk").first()
    services.quota_use_set(condition=condition, actor=None, academic_year="2027/2028", used=1)
    assert figures(member_viewer)["CN"]["used"] == 4
    jilin = world.parties.get(organization__slug="jilin").organization
    services.partner_update(partner=jilin, actor=None, country="JP")
    assert figures(member_viewer)["JP"]["agreements"] == 2
    assert figures(member_viewer)["JP"]["quota"] == 6


def test_the_page_shows_the_table_and_the_map_data(world, member_viewer_client):
    response = member_viewer_client.get("/en/partnerships/map/", **EN)
    assert response.status_code == 200
    html = response.text
    assert '<th scope="row">China</th>' in html
    assert 'data-topojson="/static/vendor/world-atlas/countries-110m.json"' in html
    assert "chartjs-chart-geo.umd.min.js" in html
    chart = response.context["chart"]
    assert {"id": "156", "name": "China", "value": 2} in chart["rows"]
    assert response.context["form"]["figure"].value() == "agreements"  # what the map shows
    assert "<script>" not in html  # no inline script: the data goes through json_script


def test_the_page_in_russian_names_the_countries_in_russian(world, member_viewer_client):
    response = member_viewer_client.get("/ru/partnerships/map/?figure=quota")
    html = response.text
    assert '<th scope="row">Китай</th>' in html
    assert '<th scope="row">Южная Корея</th>' in html
    assert response.context["chart"]["label"] == "Мобильности в год (квота)"


def test_a_bad_filter_shows_the_form_again(world, member_viewer_client):
    response = member_viewer_client.get("/en/partnerships/map/?year=nineteen", **EN)
    assert response.status_code == 200
    assert "Enter a whole number." in response.text


def test_other_pages_do_not_load_the_geo_script(world, member_viewer_client):
    response = member_viewer_client.get("/en/partnerships/", **EN)
    assert "chartjs-chart-geo" not in response.text


def test_csv_has_a_bom_and_the_page_languages_names(world, member_viewer_client):
    response = member_viewer_client.get("/ru/partnerships/map/partner-countries.csv?year=2027")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Страна,Код ISO,Регион,Партнёры,Соглашения,Черновики,Ждут подписей,")
    assert lines[1].startswith("Китай,CN,Восточная Азия,1,1,")
    assert lines[-1].startswith("Итого,,,")
    assert "filename*=utf-8''%D1%81" in response["Content-Disposition"]
    assert "-2027.csv" in response["Content-Disposition"]


def test_xlsx_download(world, member_viewer_client):
    from io import BytesIO

    from openpyxl import load_workbook

    response = member_viewer_client.get("/en/partnerships/map/partner-countries.xlsx", **EN)
    assert 'filename="partner-countries.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Country", "ISO code", "Region", "Partners", "Agreements")
    assert rows[1][:5] == ("China", "CN", "East Asia", 2, 2)
    assert member_viewer_client.get("/en/partnerships/map/partner-countries.pdf").status_code == 404


def test_the_api_gives_the_same_figures(world, member_viewer_client):
    response = member_viewer_client.get("/api/partnerships/map?group=east", **EN)
    assert response.status_code == 200
    body = response.json()
    china = next(row for row in body["countries"] if row["country"] == "CN")
    assert (china["numeric"], china["name"], china["group"]) == ("156", "China", "east")
    assert china["figures"]["agreements"] == 2
    assert china["figures"]["quota"] == 6
    assert {row["country"] for row in body["countries"]} == {"CN", "KR"}
    assert body["totals"]["partners"] == 3
    assert body["columns"][0] == {"key": "partners", "label": "Partners"}


def test_the_api_in_russian_and_its_bad_filters(world, member_viewer_client):
    body = member_viewer_client.get("/api/partnerships/map", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert {row["name"] for row in body["countries"]} >= {"Китай", "Южная Корея"}
    for query, field in (("year=20x6", "year"), ("group=europe", "group"), ("kind=x", "kind")):
        response = member_viewer_client.get(f"/api/partnerships/map?{query}", **EN)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
    response = member_viewer_client.get("/api/partnerships/map?member=nobody", **EN)
    assert response.status_code == 400


def test_the_member_filter_lists_every_member_not_only_keepers(world, member_viewer_client):
    from edcluster.organizations.tests.factories import organization_make

    organization_make("initech", name_en="Initech")  # admitted, no agreement yet
    organization_make("hooli", status="applied", name_en="Hooli")  # not a member
    response = member_viewer_client.get("/en/partnerships/map/", **EN)
    members = [slug for slug, _label in response.context["form"].fields["member"].choices]
    assert {"acme", "globex", "initech"} <= set(members)
    assert not {"hooli", "jilin", "mit"} & set(members)  # applicants and partners are not
    empty = member_viewer_client.get("/api/partnerships/map?member=initech", **EN)
    assert empty.status_code == 200
    assert empty.json()["totals"]["agreements"] == 0
