"""The operators' flows page: the figures on a world map (the JSON the choropleth script
reads, keyed by ISO numeric codes) and the table as CSV and XLSX downloads of the period."""

import io
import json
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def flows(organization):
    intake = intake_make(organization)
    application_make(applicant_make("a@example.org", citizenship="IN"), intake)
    application_make(applicant_make("b@example.org", citizenship="IN"), intake)
    application_make(applicant_make("c@example.org", citizenship="VN"), intake)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def map_data(body: str) -> dict:
    found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', body)
    assert found
    return json.loads(found.group(1))


def test_the_map_gets_the_chosen_figure_by_numeric_code(flows, operator):
    client = client_of(operator)
    body = client.get("/en/mobility/flows/").content.decode()
    assert 'data-chart="choropleth"' in body
    assert "js/choropleth.js" in body
    data = map_data(body)
    assert data["label"] == "Applications"
    assert {row["id"]: row["value"] for row in data["rows"]} == {"356": 2, "704": 1}
    arrived = map_data(client.get("/en/mobility/flows/?figure=arrived").content.decode())
    assert arrived == {"label": "Arrived", "rows": []}  # nobody has arrived: nothing coloured


def test_csv_and_xlsx_downloads_with_the_total(flows, operator):
    client = client_of(operator)
    csv = client.get("/ru/mobility/flows/csv/")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Гражданство,")
    assert lines[1:] == ["Индия,IN,2,0,0", "Вьетнам,VN,1,0,0", "Итого,,3,0,0"]
    xlsx = client.get("/en/mobility/flows/xlsx/?since=2020-01-01")
    assert xlsx.status_code == 200
    assert "2020-01-01" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["India", "IN", 2, 0, 0]
    assert rows[-1] == ["Total", None, 3, 0, 0]


def test_bad_input_and_who_may_download(flows, operator, member_editor):
    client = client_of(operator)
    bad = client.get("/en/mobility/flows/csv/?since=2027-02-01&until=2027-01-01")
    assert bad.status_code == 400
    assert client.get("/en/mobility/flows/pdf/").status_code == 404
    assert client_of(member_editor).get("/en/mobility/flows/csv/").status_code == 403
