"""The mobility dashboard (page, downloads, `GET /api/mobility/stats`): who sees which cases,
the funnel and days per stage hand-computed, quotas of the academic year, bad filters."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from edcluster.accounts.models import Membership
from edcluster.accounts.tests.factories import member_make
from edcluster.mobility import services
from edcluster.mobility.models import Application
from edcluster.mobility.selectors.dashboard import academic_year, percentile
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    condition_in_effect,
    intake_make,
)
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.tests.factories import (
    condition_make,
)

pytestmark = pytest.mark.django_db
EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cases(organization, other_organization):
    """Acme: a submitted, an under review, an arrived Chinese case, an arrived Kazakh one
    (visa-free), a withdrawn one and a draft; Globex: one submitted Indian case."""
    intake = intake_make(organization)
    made = {}
    for name, stage, citizenship in (
        ("a", "submitted", "CN"),
        ("b", "under_review", "CN"),
        ("c", "arrived", "CN"),
        ("d", "arrived", "KZ"),
        ("e", "withdrawn", "CN"),
        ("f", "draft", "CN"),
    ):
        applicant = applicant_make(f"{name}@example.org", citizenship=citizenship)
        made[name] = application_make(applicant, intake, stage=stage)
    other = intake_make(other_organization, title_en="Geology")
    made["g"] = application_make(
        applicant_make("g@example.org", citizenship="IN"), other, stage="submitted"
    )
    return made


def funnel_of(data: dict) -> dict:
    return {row["stage"]: (row["reached"], row["of_previous"]) for row in data["funnel"]}


def test_the_funnel_counts_each_stage_reached_on_the_cases_own_path(cases, member_editor):
    data = client_of(member_editor).get("/api/mobility/stats", **EN).json()
    funnel = funnel_of(data)
    # Reached: submitted a b c d e; complete and review b c d; decided, confirmed c d; the
    # visa stages c only (d is visa-free); arrived c d (c after its visa, d after confirming).
    assert funnel["submitted"] == (5, None)  # the first row: no stage before it in the table
    assert funnel["documents_complete"] == (3, 60.0)
    assert funnel["under_review"] == (3, 100.0)
    assert funnel["decided"] == (2, 66.7)
    assert funnel["confirmed"] == (2, 100.0)
    assert funnel["invitation_requested"] == (1, 100.0)  # d, visa-free, goes on to arrive
    assert funnel["visa_issued"] == (1, 100.0)
    assert funnel["arrived"] == (2, 100.0)
    assert funnel["registered"] == (0, 0.0)
    assert funnel["enrolled"] == (0, None)
    assert [row["of_submitted"] for row in data["funnel"][:2]] == [100.0, 60.0]
    assert data["outcomes"] == {
        "accepted": 2,
        "waitlisted": 0,
        "rejected": 0,
        "withdrawn": 1,
        "cancelled": 0,
    }
    # f, a draft, is not an application yet; Globex's case is not Acme's staff's
    assert data["total"]["applications"] == 5
    assert {row["key"]: row["applications"] for row in data["citizenships"]} == {"CN": 4, "KZ": 1}
    assert {row["key"]: row["arrived"] for row in data["citizenships"]} == {"CN": 1, "KZ": 1}


def test_visa_free_stage_of_previous_counts_the_visa_stage_or_confirmation(cases, operator):
    """Operators see every member's cases: Globex's Indian case too."""
    data = client_of(operator).get("/api/mobility/stats", **EN).json()
    assert data["total"]["applications"] == 6  # the draft left out
    assert data["filters"]["members"] is None
    assert funnel_of(data)["submitted"] == (6, None)
    assert {row["label"] for row in data["members"]} == {"Organization acme", "Globex"}


def test_days_per_stage_from_the_history(organization, operator):
    """Three Vietnamese applicants withdraw 2, 4 and 10 days after submitting (their move from
    draft to submitted took no whole day); erasing one takes its moves back."""
    intake = intake_make(organization)
    withdrawn = []
    for days in (2, 4, 10):
        applicant = applicant_make(f"v{days}@example.org", citizenship="VN")
        case = application_make(applicant, intake, stage="submitted")
        Application.objects.filter(pk=case.pk).update(
            stage_since=timezone.now() - timedelta(days=days, hours=1)
        )
        case.refresh_from_db()
        withdrawn.append(
            services.application_move(
                application=case, to="withdrawn", actor=case.applicant, data={}
            )
        )
    client = client_of(operator)
    data = client.get("/api/mobility/stats?citizenship=VN", **EN).json()
    # Values 2, 4, 10: the median 4; p90 at rank 1.8: 4 + 0.8 × 6.
    assert data["days"] == [
        {"stage": "submitted", "label": "submitted", "moves": 3, "median": 4.0, "p90": 8.8}
    ]
    last = [c.history.order_by("-pk").values_list("from_days", flat=True)[0] for c in withdrawn]
    assert last == [2, 4, 10]
    services.application_erase(application=withdrawn[2], actor=operator, reason="asked")
    again = client.get("/api/mobility/stats?citizenship=VN", **EN).json()["days"]
    assert (again[0]["moves"], again[0]["median"], again[0]["p90"]) == (2, 3.0, 3.8)
    assert not client.get("/api/mobility/stats?citizenship=VN&category=phd").json()["days"]


def test_percentile_is_linear_between_ranks():
    assert percentile([(1, 1), (5, 1), (9, 1)], 0.5) == 5
    assert percentile([(0, 9), (10, 1)], 0.9) == 1.0  # rank 8.1 of 10 values
    assert percentile([(7, 1)], 0.9) == 7


def test_filters_narrow_every_figure(cases, operator):
    client = client_of(operator)
    year = academic_year(cases["a"].intake.offering.starts_on)
    kz = client.get("/api/mobility/stats?citizenship=KZ", **EN).json()
    assert kz["total"]["applications"] == 1
    assert client.get(f"/api/mobility/stats?year={year}", **EN).json()["years"] == [
        {"key": year, "label": year, "applications": 6, "accepted": 2, "arrived": 2}
    ]
    first = int(year[:4])
    other = client.get(f"/api/mobility/stats?year={first + 1}/{first + 2}", **EN).json()
    assert other["total"]["applications"] == 0
    assert client.get("/api/mobility/stats?category=phd", **EN).json()["funnel"][0]["reached"] == 0


def test_bad_filters_are_a_400_naming_the_field(cases, operator, member_editor):
    client = client_of(operator)
    response = client.get("/api/mobility/stats?year=2026-2027", **EN)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]
    assert list(client.get("/api/mobility/stats?year=2026/2028", **EN).json()["errors"]) == ["year"]
    assert list(client.get("/api/mobility/stats?category=x", **EN).json()["errors"]) == ["category"]
    # Acme's editor cannot choose Globex.
    other = client_of(member_editor).get("/api/mobility/stats?member=globex", **EN)
    assert other.status_code == 400
    assert list(other.json()["errors"]) == ["member"]
    page = client_of(member_editor).get("/en/mobility/dashboard/?member=globex&year=20")
    assert page.status_code == 400
    body = page.content.decode()
    assert "An academic year is written as two years in a row" in body
    assert "Select a valid choice" in body
    assert client.get("/en/mobility/dashboard/funnel/csv/?year=x").status_code == 400


def test_who_sees_the_dashboard(cases, operator, member_editor, outsider, member_viewer):
    assert client_of(operator).get("/en/mobility/dashboard/").status_code == 200
    acme = client_of(member_viewer).get("/en/mobility/dashboard/")
    assert acme.status_code == 200
    assert "Globex" not in acme.content.decode()
    # The outsider is Globex's staff: Globex hosts the Indian case, and only it.
    globex = client_of(outsider).get("/api/mobility/stats", **EN).json()
    assert globex["total"]["applications"] == 1
    assert [row["key"] for row in globex["citizenships"]] == ["IN"]
    applicant = client_of(cases["a"].applicant)
    assert applicant.get("/en/mobility/dashboard/").status_code == 404
    assert applicant.get("/api/mobility/stats").status_code == 404
    assert applicant.get("/en/mobility/dashboard/funnel/csv/").status_code == 404
    anonymous = Client()
    assert anonymous.get("/en/mobility/dashboard/").status_code == 302
    assert "/login" in anonymous.get("/en/mobility/dashboard/")["Location"]
    assert anonymous.get("/api/mobility/stats").status_code == 401


def test_downloads_csv_and_xlsx(cases, operator):
    client = client_of(operator)
    response = client.get("/en/mobility/dashboard/funnel/csv/?member=acme")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Stage", "Cases", "% of submitted", "% of the stage before"]
    assert rows[1] == ["submitted", "5", "100.0", ""]
    assert rows[-1] == ["completed", "0", "0.0", ""]  # nobody enrolled before
    book = client.get("/en/mobility/dashboard/citizenships/xlsx/")
    assert "mobility-dashboard-citizenships.xlsx" in book["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Citizenship", "Applications", "Accepted", "Arrived", "ISO code"),
        ("China", 4, 1, 1, "CN"),  # the draft left out
        ("India", 1, 0, 0, "IN"),
        ("Kazakhstan", 1, 1, 1, "KZ"),
    ]
    assert client.get("/en/mobility/dashboard/nothing/csv/").status_code == 404


def test_the_page_draws_the_funnel_and_the_map(cases, operator):
    body = client_of(operator).get("/en/mobility/dashboard/?figure=arrived").content.decode()
    assert 'data-chart="choropleth"' in body
    assert 'data-chart="bar"' in body
    assert '"label": "Arrived"' in body
    assert '"id": "398"' in body  # Kazakhstan
    assert "chart.umd.min.js" in body
    assert "//cdn" not in body


@pytest.fixture
def condition(organization):
    return condition_in_effect(organization, mobilities_per_year=3)


def test_quotas_of_the_academic_year(organization, condition, member_editor, outsider):
    intake = intake_make(organization)
    year = academic_year(intake.offering.starts_on)
    application_make(applicant_make("n@example.org"), intake, condition_id=condition.pk)
    data = client_of(member_editor).get(f"/api/mobility/stats?year={year}", **EN).json()
    assert data["quota_year"] == year
    assert data["quotas"] == [
        {
            "agreement": "IIA-1",
            "partner": "Shenyang Ligong University",
            "host": "Organization acme",
            "kind": "student mobility for studies",
            "year": year,
            "quota": 3,
            "used": 1,
            "remaining": 2,
        }
    ]
    first = int(year[:4])
    later = client_of(member_editor).get(f"/api/mobility/stats?year={first + 1}/{first + 2}")
    assert [(q["used"], q["remaining"]) for q in later.json()["quotas"]] == [(0, 3)]
    assert (
        client_of(member_editor).get("/api/mobility/stats?year=2040/2041").json()["quotas"] == []
    )  # outside the condition's years
    rows = client_of(member_editor).get(f"/en/mobility/dashboard/quotas/csv/?year={year}")
    assert rows.content.decode("utf-8-sig").splitlines()[1].endswith(",3,1,2")


def test_an_operator_sees_the_quotas_coming_in_not_the_members_students_going_out(
    organization, condition, operator
):
    intake = intake_make(organization)
    year = academic_year(intake.offering.starts_on)
    agreement = condition.version.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.DRAFT)
    outgoing = condition_make(agreement, organization, condition.sending_party.organization)
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_EFFECT)
    assert outgoing.receiving_party.organization != organization
    data = client_of(operator).get(f"/api/mobility/stats?year={year}", **EN).json()
    assert [(q["partner"], q["host"]) for q in data["quotas"]] == [
        ("Shenyang Ligong University", "Organization acme")
    ]


def test_menu_links_dashboard_and_nominations(cases, condition, member_editor, operator):
    from edcluster.workspaces.menu import menu

    def names(user):
        return {link.name for group in menu(user=user) for link in group.links}

    assert "mobility:dashboard" in names(member_editor)
    assert "mobility:dashboard" in names(operator)
    assert "mobility:dashboard" not in names(cases["a"].applicant)
    staff = member_make(
        condition.sending_party.organization, "coordinator@sylu.edu.cn", Membership.Role.VIEWER
    )
    assert "mobility:nominations" in names(staff)
    assert "mobility:nominations" not in names(member_editor)
