"""The projects' figures on the partners map: joint programmes by their foreign participants'
countries, laboratories by their country, under the map's filters, on the page, in the
downloads and the API, in a query count that does not grow with the countries.

The arrangement (Acme's staff read Acme's projects; operators all):
- SYLU-2+2: Acme's double degree with Jilin (China) and SNU (South Korea), 2026–2029, under
  the double degree DEG-1;
- Jilin lab: Acme's laboratory in China (its host Jilin's country), 2026–2030, opened 2027;
- Tokyo centre: Acme's centre set in Japan, 2024–2025;
- Globex's programme with PKU (China), private: Acme's staff do not see it;
- a cancelled programme of Acme with NUS (Singapore): never counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edcluster.partnerships.models import Agreement
from edcluster.partnerships.selectors.country_map import MapFilters, country_map
from edcluster.partnerships.tests.factories import agreement_make, partner_make
from edcluster.projects import services
from edcluster.projects.tests.factories import project_make

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def programme(lead, partners, *, agreement=None, **fields):
    project = project_make(
        lead, kind="programme", partners=[(p, "foreign") for p in partners], **fields
    )
    services.programme_set(
        project=project,
        actor=None,
        scheme="double",
        languages=["ru"],
        intake_per_year=10,
        products=[],
        tracks=[],
        agreement=agreement,
    )
    return project


def laboratory(lead, host, *, kind="laboratory", country="", **fields):
    project = project_make(lead, kind=kind, partners=[(host, "foreign")], **fields)
    lab = {"host": host} | ({"country": country} if country else {})
    services.laboratory_set(project=project, actor=None, fields=lab)
    return project


@pytest.fixture
def world(organization, other_organization):
    jilin = partner_make()
    snu = partner_make("snu", domain="snu.ac.kr", name_en="SNU", country="KR")
    pku = partner_make("pku", domain="pku.edu.cn", name_en="Peking University")
    nus = partner_make("nus", domain="nus.edu.sg", name_en="NUS", country="SG")
    tokyo = partner_make("tmu", domain="tmu.ac.jp", name_en="TMU", country="JP")
    degree = agreement_make(organization, jilin, snu, kind=Agreement.Kind.DEGREE, code="DEG-1")
    years = {"starts_on": date(2026, 1, 1), "ends_on": date(2029, 12, 31)}
    programme(organization, [jilin, snu], agreement=degree, title_en="SYLU-2+2", **years)
    years = {"starts_on": date(2026, 1, 1), "ends_on": date(2030, 12, 31)}
    lab = laboratory(organization, jilin, title_en="Jilin lab", **years)
    services.laboratory_set(project=lab, actor=None, fields={"opened_on": date(2027, 3, 1)})
    years = {"starts_on": date(2024, 1, 1), "ends_on": date(2025, 12, 31)}
    laboratory(organization, tokyo, kind="centre", country="JP", **years)
    programme(other_organization, [pku], title_en="Globex–PKU")
    cancelled = programme(organization, [nus], title_en="Cancelled")
    services.project_move(
        project=cancelled, actor=None, to="cancelled", on=date(2026, 2, 1), reason="No intake"
    )
    return degree


def figures(viewer, **filters) -> dict[str, tuple[int, int]]:
    """Programmes and laboratories by country (countries with neither left out)."""
    found = country_map(viewer=viewer, filters=MapFilters(**filters))
    pairs = {r.country: (r.values["programmes"], r.values["laboratories"]) for r in found.rows}
    return {country: pair for country, pair in pairs.items() if any(pair)}


def test_the_columns_follow_the_agreements_columns(operator):
    keys = [c.key for c in country_map(viewer=operator, filters=MapFilters()).columns]
    assert keys[:2] == ["partners", "agreements"]
    assert keys[-2:] == ["programmes", "laboratories"]


def test_the_figures_are_the_hand_counts(world, member_viewer, operator):
    # The programme counts in China and Korea, once in the total; the cancelled one nowhere.
    assert figures(member_viewer) == {"CN": (1, 1), "KR": (1, 0), "JP": (0, 1)}
    totals = country_map(viewer=member_viewer, filters=MapFilters()).totals
    assert (totals["programmes"], totals["laboratories"]) == (1, 2)
    assert figures(operator)["CN"] == (2, 1)  # Globex's programme too


def test_the_filters(world, member_viewer, operator):
    assert figures(member_viewer, group="east") == {"CN": (1, 1), "KR": (1, 0), "JP": (0, 1)}
    assert figures(member_viewer, group="south_east") == {}
    assert figures(member_viewer, kind=Agreement.Kind.DEGREE) == {"CN": (1, 0), "KR": (1, 0)}
    assert figures(member_viewer, kind=Agreement.Kind.LABORATORY) == {
        "CN": (0, 1),
        "JP": (0, 1),
    }
    assert figures(member_viewer, kind=Agreement.Kind.MOU) == {}
    assert figures(operator, member="globex") == {"CN": (1, 0)}
    assert figures(member_viewer, year=2025) == {"JP": (0, 1)}
    # 2026: the lab runs but opens only in 2027.
    assert figures(member_viewer, year=2026) == {"CN": (1, 0), "KR": (1, 0)}
    assert figures(member_viewer, year=2030) == {"CN": (0, 1)}


def test_the_query_count_does_not_grow_with_the_countries(world, operator, organization):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            country_map(viewer=operator, filters=MapFilters())
        return len(queries)

    before = count()
    for index, country in enumerate(("VN", "IN", "AU", "NZ")):
        partner = partner_make(f"p{index}", domain=f"p{index}.example", country=country)
        programme(organization, [partner], title_en=f"P{index}")
        laboratory(organization, partner, title_en=f"L{index}")
    assert count() == before


def test_the_map_counts_a_new_laboratory_at_once(world, member_viewer, organization):
    hue = partner_make("hue", domain="hue.edu.vn", name_en="Hue University", country="VN")
    assert "VN" not in figures(member_viewer)
    laboratory(organization, hue, title_en="Hue lab")
    assert figures(member_viewer)["VN"] == (0, 1)


def test_page_table_chart_and_note(world, member_viewer_client):
    response = member_viewer_client.get("/en/partnerships/map/?figure=laboratories", **EN)
    assert response.status_code == 200
    html = response.text
    assert '<th scope="col">Joint programmes</th>' in html
    assert '<th scope="col">Laboratories and centres</th>' in html
    assert "laboratories and centres for the country they are in" in html
    chart = response.context["chart"]
    assert chart["label"] == "Laboratories and centres"
    # Korea has a programme but no laboratory: left uncoloured, as a country with no figure.
    assert {row["id"] for row in chart["rows"]} == {"156", "392"}


def test_the_downloads_carry_the_columns(world, member_viewer_client):
    response = member_viewer_client.get("/ru/partnerships/map/partner-countries.csv?group=east")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",Совместные программы,Лаборатории и центры")
    china = next(line for line in lines if line.startswith("Китай,"))
    assert china.endswith(",1,1")
    assert lines[-1].endswith(",1,2")  # the totals count the programme once


def test_the_api_gives_the_same_figures(world, member_viewer_client):
    body = member_viewer_client.get("/api/partnerships/map?year=2026", **EN).json()
    columns = [column["key"] for column in body["columns"]]
    assert columns[-2:] == ["programmes", "laboratories"]
    korea = next(row for row in body["countries"] if row["country"] == "KR")
    assert (korea["figures"]["programmes"], korea["figures"]["laboratories"]) == (1, 0)
    assert (body["totals"]["programmes"], body["totals"]["laboratories"]) == (1, 0)


def test_a_laboratory_in_russia_is_not_a_foreign_country(world, member_viewer, organization):
    tomsk = project_make(organization, kind="centre", title_en="Tomsk centre")
    services.laboratory_set(
        project=tomsk, actor=None, fields={"host": organization, "country": "RU"}
    )
    assert tomsk.laboratory.country == "RU"
    assert "RU" not in figures(member_viewer)
    totals = country_map(viewer=member_viewer, filters=MapFilters()).totals
    assert totals["laboratories"] == 2  # Jilin's and Tokyo's, as before
