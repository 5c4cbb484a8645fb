"""The projects pages: the list and its filters, a project's page (timeline, budget totals),
a page form's bad input shown again, starting a project from an accepted proposal."""

from datetime import date

import pytest
from django.utils import timezone

from edcluster.catalog import services as catalog_services
from edcluster.matching.models import Proposal
from edcluster.projects.models import Deliverable, Project
from edcluster.projects.tests.factories import (
    budget_line_make,
    deliverable_make,
    milestone_make,
    participant_of,
    project_make,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_list_filters_by_kind(client, organization):
    project_make(organization, title_en="Open lab", kind="laboratory", is_public=True)
    project_make(organization, title_en="Open course", is_public=True)
    project_make(organization, title_en="Internal course")
    page = client.get("/en/projects/", {"kind": "laboratory"}, HTTP_HX_REQUEST="true", **EN)
    text = page.content.decode()
    assert "Open lab" in text
    assert "Open course" not in text
    assert "Internal course" not in text
    assert "<html" not in text  # the htmx fragment only


def test_the_project_page_shows_the_timeline_and_totals(member_viewer_client, organization):
    project = project_make(organization, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    milestone_make(project, title_en="Halfway", due_on=date(2026, 7, 2))
    budget_line_make(project, participant_of(project, organization), planned="1000")
    budget_line_make(project, participant_of(project, organization), planned="500", currency="EUR")
    text = member_viewer_client.get(f"/en/projects/{project.pk}/", **EN).content.decode()
    assert 'class="milestone at-50' in text
    assert "1,000.00 planned, 0.00 spent EUR" not in text
    assert "500.00 planned, 0.00 spent EUR" in text
    assert "1,000.00 planned, 0.00 spent RUB" in text


def test_a_milestone_after_the_end_shows_the_form_again(member_editor_client, organization):
    project = project_make(organization, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    response = member_editor_client.post(
        f"/en/projects/{project.pk}/milestone/",
        {"title_en": "Too late", "due_on": "2027-03-01"},
        **EN,
    )
    assert response.status_code == 400
    assert "A milestone is due within the project" in response.content.decode()
    assert not project.milestones.exists()


def test_start_a_project_from_an_accepted_proposal(
    member_editor_client, member_editor, organization, partner_organization
):
    product = catalog_services.product_create(
        owner=organization,
        actor=member_editor,
        fields={"kind": "short_course", "title_en": "Data"},
    )
    catalog_services.product_owner_add(
        product=product, organization=partner_organization, actor=member_editor
    )
    proposal = Proposal.objects.create(
        title_ru="Данные",
        title_en="Data",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        status="accepted",
        product=product,
        decided_at=timezone.now(),
    )
    response = member_editor_client.post(
        f"/en/projects/from-proposal/{proposal.pk}/",
        {"starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302
    project = Project.objects.get(origin_proposal=proposal)
    assert dict(project.participants.values_list("organization__slug", "role")) == {
        organization.slug: "lead",
        partner_organization.slug: "partner",
    }
    deliverable = Deliverable.objects.get(milestone__project=project)
    assert (deliverable.product, deliverable.target_stage, deliverable.is_done) == (
        product,
        "implemented",
        False,
    )
    again = member_editor_client.post(
        f"/en/projects/from-proposal/{proposal.pk}/",
        {"starts_on": "2026-01-01", "ends_on": "2026-12-31"},
    )
    assert again.status_code == 403
    assert Project.objects.count() == 1


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_project_page_does_not_grow_with_its_lines(
    member_editor_client, organization, partner_organization
):
    project = project_make(organization, partners=[partner_organization])
    lead = participant_of(project, organization)
    partner = participant_of(project, partner_organization)
    path = f"/en/projects/{project.pk}/"
    milestone = milestone_make(project)
    deliverable_make(milestone, partner)
    budget_line_make(project, lead)
    _queries(member_editor_client, path)  # warm: the session, the content types
    few = _queries(member_editor_client, path)
    for number in range(6):
        more = milestone_make(project, title_en=f"Step {number}")
        deliverable_make(more, lead, title_en=f"Report {number}")
        deliverable_make(more, partner, title_en=f"Paper {number}", kind="publication")
        budget_line_make(project, partner, year=2026 + number % 2)
    assert _queries(member_editor_client, path) == few


def test_the_list_page_does_not_grow_with_projects(client, organization, other_organization):
    project_make(organization, is_public=True, partners=[other_organization])
    _queries(client, "/en/projects/")
    few = _queries(client, "/en/projects/")
    for number in range(8):
        project_make(
            organization, title_en=f"P{number}", is_public=True, partners=[other_organization]
        )
    assert _queries(client, "/en/projects/") == few


def test_the_programme_page_records_a_two_plus_two(
    member_editor_client, organization, other_organization
):
    project = project_make(
        organization, kind="programme", partners=[(other_organization, "foreign")]
    )
    lead, foreign = (
        participant_of(project, organization),
        participant_of(project, other_organization),
    )
    response = member_editor_client.post(
        f"/en/projects/{project.pk}/programme/",
        {
            "scheme": "double",
            "languages": "ru, zh",
            f"years_{foreign.pk}": "2",
            f"diploma_en_{foreign.pk}": "Bachelor of Engineering",
            f"years_{lead.pk}": "2",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.programme.languages == ["ru", "zh"]
    page = member_editor_client.get(f"/en/projects/{project.pk}/", **EN).content.decode()
    assert "Double degree (2+2)" in page or "double degree (2+2)" in page
    bad = member_editor_client.post(
        f"/en/projects/{project.pk}/programme/", {"scheme": "double", "languages": "russian"}, **EN
    )
    assert bad.status_code == 400
    assert "ISO 639-1" in bad.content.decode()


def test_a_co_participant_marks_its_report_done_not_the_milestone(
    partner_editor, organization, partner_organization
):
    from django.test import Client

    project = project_make(organization, partners=[partner_organization])
    milestone = milestone_make(project)
    report = deliverable_make(milestone, participant_of(project, partner_organization))
    client = Client()
    client.force_login(partner_editor)
    base = f"/en/projects/{project.pk}"
    assert client.post(f"{base}/deliverable/{report.pk}/done/").status_code == 302
    assert client.post(f"{base}/milestone/{milestone.pk}/done/").status_code == 403
    report.refresh_from_db()
    milestone.refresh_from_db()
    assert (report.done_on, milestone.done_on) == (timezone.localdate(), None)
