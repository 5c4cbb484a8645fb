"""The projects' section of an accepted proposal's page (matching's): "Start a project" for who
may start it, nothing for who may not, and the project's link once it is started."""

from datetime import date

import pytest

from edcluster.matching.models import Proposal
from edcluster.matching.services.proposals import proposal_accept
from edcluster.projects import services

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
START = "Start a project"


@pytest.fixture
def proposal(organization, partner_organization, operator) -> Proposal:
    """Proposed as the scheduled drafting would, accepted through matching's service: Acme
    leads the draft product, Initech co-owns it."""
    drafted = Proposal.objects.create(
        title_ru="Данные",
        title_en="Data",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        outcomes=[{"ru": "Анализирует данные", "en": "Analyses data"}],
    )
    return proposal_accept(
        proposal=drafted, members=[organization, partner_organization], actor=operator
    )


def page(client, proposal) -> str:
    response = client.get(f"/en/matching/proposals/{proposal.pk}/", **EN)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("operator_client", True),
        ("member_editor_client", True),  # an editor of the lead owner
        ("member_viewer_client", False),  # reads, may not start
        ("partner_editor", False),  # an editor of the co-owner, not the lead
    ],
)
def test_start_is_offered_to_who_may_start(request, client, proposal, persona, shown):
    if persona == "partner_editor":
        client.force_login(request.getfixturevalue(persona))
    else:
        client = request.getfixturevalue(persona)
    html = page(client, proposal)
    assert (START in html) is shown
    assert (f"/en/projects/from-proposal/{proposal.pk}/" in html) is shown


def test_a_proposal_not_yet_accepted_has_no_section(operator_client, organization):
    waiting = Proposal.objects.create(
        title_ru="Сети", title_en="Networks", start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert START not in page(operator_client, waiting)


def test_once_started_the_page_links_the_project(
    proposal, member_editor, member_editor_client, member_viewer_client
):
    project = services.project_start_from_proposal(
        proposal=proposal,
        actor=member_editor,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    for client in (member_editor_client, member_viewer_client):  # both take part in it
        html = page(client, proposal)
        assert START not in html
        assert "A project has been started from this proposal" in html
        assert f'href="/en/projects/{project.pk}/"' in html
