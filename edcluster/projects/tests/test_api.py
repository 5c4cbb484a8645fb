"""The projects API: bad input is a 400 naming the field and writes nothing; who may change
which line; the list's queries do not grow with the projects."""

import pytest

from edcluster.projects.models import BudgetLine, Milestone, Participant, Project
from edcluster.projects.tests.factories import (
    budget_line_make,
    milestone_make,
    participant_of,
    project_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(organization, partner_organization, member_editor):
    return project_make(organization, actor=member_editor, partners=[partner_organization])


def _call(client, method: str, path: str, data: dict | None = None):
    call = getattr(client, method)
    return call(path, data or {}, content_type="application/json")


@pytest.mark.parametrize(
    ("suffix", "data", "field", "model"),
    [
        ("/milestones", {"title_en": "Late", "due_on": "2031-01-01"}, "due_on", Milestone),
        ("/participants", {"organization": "acme", "role": "lead"}, "organization", Participant),
        (
            "/participants",
            {"organization": "initech-2", "role": "partner"},
            "organization",
            Participant,
        ),
    ],
)
def test_bad_lines_are_400_naming_the_field(
    member_editor_client, project, suffix, data, field, model
):
    before = model.objects.count()
    response = _call(member_editor_client, "post", f"/api/projects/{project.pk}{suffix}", data)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert model.objects.count() == before


def test_a_second_lead_is_refused(member_editor_client, project, other_organization):
    response = _call(
        member_editor_client,
        "post",
        f"/api/projects/{project.pk}/participants",
        {"organization": other_organization.slug, "role": "lead"},
    )
    assert response.status_code == 400
    assert "role" in response.json()["errors"]
    assert project.participants.filter(role="lead").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "RUR"}, "currency"),
        ({"planned": "-5"}, "planned"),
        ({"spent": "-0.5"}, "spent"),
    ],
)
def test_bad_money_is_400_naming_the_field(
    member_editor_client, project, organization, change, field
):
    payload = {
        "participant": participant_of(project, organization).pk,
        "year": 2026,
        "category": "staff",
        "source": "own",
        "planned": "10",
        "currency": "RUB",
    } | change
    response = _call(
        member_editor_client, "post", f"/api/projects/{project.pk}/budget-lines", payload
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not BudgetLine.objects.exists()


def test_a_project_ending_before_it_starts_is_400(member_editor_client):
    response = _call(
        member_editor_client,
        "post",
        "/api/projects/",
        {
            "lead": "acme",
            "kind": "research",
            "title_en": "X",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()["errors"]
    assert not Project.objects.exists()


def test_a_co_participant_edits_only_its_own_lines(
    partner_editor, project, organization, partner_organization
):
    from django.test import Client

    client = Client()
    client.force_login(partner_editor)
    own = budget_line_make(project, participant_of(project, partner_organization))
    lead_line = budget_line_make(project, participant_of(project, organization))
    path = f"/api/projects/{project.pk}/budget-lines"
    assert _call(client, "patch", f"{path}/{own.pk}", {"planned": "7"}).status_code == 200
    assert _call(client, "patch", f"{path}/{lead_line.pk}", {"planned": "7"}).status_code == 403
    # nor moves its line to the lead's
    moved = {"participant": participant_of(project, organization).pk}
    assert _call(client, "patch", f"{path}/{own.pk}", moved).status_code == 403
    own.refresh_from_db()
    lead_line.refresh_from_db()
    assert (own.planned, lead_line.planned, own.participant.organization) == (
        7,
        1000,
        partner_organization,
    )
    assert (
        _call(client, "patch", f"/api/projects/{project.pk}", {"title_en": "X"}).status_code == 403
    )


def test_the_detail_sums_the_budget_per_currency(member_viewer_client, project, organization):
    lead = participant_of(project, organization)
    budget_line_make(project, lead, planned="100", source="own")
    budget_line_make(project, lead, planned="50", source="own")
    budget_line_make(project, lead, planned="30", source="grant", currency="EUR")
    milestone_make(project)
    body = member_viewer_client.get(f"/api/projects/{project.pk}").json()
    assert [(t["key"], t["currency"], t["planned"]) for t in body["budget_by_source"]] == [
        ("grant", "EUR", "30.00"),
        ("own", "RUB", "150.00"),
    ]
    assert [(t["key"], t["planned"]) for t in body["budget_by_category"]] == [
        ("staff", "30.00"),
        ("staff", "150.00"),
    ]


def test_the_list_is_a_fixed_number_of_queries(
    client, organization, other_organization, django_assert_max_num_queries
):
    for number in range(12):
        project_make(
            organization, title_en=f"P{number}", is_public=True, partners=[other_organization]
        )
    with django_assert_max_num_queries(4):
        response = client.get("/api/projects/")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 12
    assert {item["lead"]["slug"] for item in response.json()["items"]} == {"acme"}


def test_internal_projects_are_404_to_outsiders_and_anonymous(client, outsider_client, project):
    assert client.get(f"/api/projects/{project.pk}").status_code == 404
    assert outsider_client.get(f"/api/projects/{project.pk}").status_code == 404
    assert outsider_client.get(f"/en/projects/{project.pk}/").status_code == 404
    Project.objects.filter(pk=project.pk).update(is_public=True)
    assert client.get(f"/api/projects/{project.pk}").status_code == 200
