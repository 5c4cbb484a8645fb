"""A joint programme names the agreement it runs under: one its editor may read, of a kind a
programme runs under, with a participant among its parties; the API and the pages carry it, and
the agreement's page lists the programmes (a section of projects on partnerships' page)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from edcluster.partnerships.models import Agreement
from edcluster.partnerships.tests.factories import agreement_make, partner_make
from edcluster.projects import services
from edcluster.projects.models import JointProgramme
from edcluster.projects.tests.factories import participant_of, project_make

pytestmark = pytest.mark.django_db
K = Agreement.Kind


@pytest.fixture
def jilin(db):
    return partner_make()


@pytest.fixture
def programme_project(organization, jilin, member_editor):
    return project_make(
        organization, actor=member_editor, kind="programme", partners=[(jilin, "foreign")]
    )


@pytest.fixture
def degree(organization, jilin):
    return agreement_make(organization, jilin, kind=K.DEGREE, code="ACME-JLU-DD")


def _set(project, actor, agreement):
    return services.programme_set(
        project=project,
        actor=actor,
        scheme="double",
        languages=["ru"],
        intake_per_year=None,
        products=[],
        tracks=[
            services.Track(
                participant=project.participants.first(),
                years=Decimal(2),
            )
        ],
        agreement=agreement,
    )


def _refused(project, actor, agreement) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _set(project, actor, agreement)
    return " ".join(error.value.message_dict["agreement"])


def test_the_fitting_agreement_is_stored(programme_project, member_editor, degree):
    programme = _set(programme_project, member_editor, degree)
    assert JointProgramme.objects.get(pk=programme.pk).agreement == degree
    _set(programme_project, member_editor, None)
    assert JointProgramme.objects.get(pk=programme.pk).agreement is None


def test_a_laboratory_agreement_is_refused(programme_project, member_editor, organization, jilin):
    lab = agreement_make(organization, jilin, kind=K.LABORATORY, code="LAB-1")
    assert "memorandum" in _refused(programme_project, member_editor, lab)
    assert not JointProgramme.objects.filter(project=programme_project).exists()


def test_an_agreement_of_other_parties_is_refused(programme_project, operator, other_organization):
    ncst = partner_make("ncst", domain="ncst.edu.cn", name_en="NCST")
    theirs = agreement_make(other_organization, ncst, kind=K.DEGREE, code="GLX-NCST")
    assert "parties" in _refused(programme_project, operator, theirs)


def test_an_agreement_the_editor_may_not_read_is_refused(
    programme_project, member_editor, operator, other_organization, jilin
):
    # kept by Globex with Jilin (a participant), so it fits; Acme's editor is not its party's
    theirs = agreement_make(other_organization, jilin, kind=K.DEGREE, code="GLX-JLU")
    assert "may read" in _refused(programme_project, member_editor, theirs)
    assert _set(programme_project, operator, theirs).agreement == theirs
    # once named, the editor may save the programme again without losing it
    assert _set(programme_project, member_editor, theirs).agreement == theirs


def _put(client, project, agreement_id):
    participant = project.participants.first()
    body = {
        "scheme": "double",
        "tracks": [{"participant": participant.pk, "years": "2"}],
        "agreement": agreement_id,
    }
    return client.put(
        f"/api/projects/{project.pk}/programme", body, content_type="application/json"
    )


def test_the_api_round_trip(member_editor_client, programme_project, degree, organization, jilin):
    response = _put(member_editor_client, programme_project, degree.pk)
    assert response.status_code == 200, response.content
    assert response.json()["programme"]["agreement"] == {"id": degree.pk, "code": "ACME-JLU-DD"}
    read = member_editor_client.get(f"/api/projects/{programme_project.pk}").json()
    assert read["programme"]["agreement"]["id"] == degree.pk
    research = agreement_make(organization, jilin, kind=K.RESEARCH, code="RES-1")
    for bad in (research.pk, 999_999):
        response = _put(member_editor_client, programme_project, bad)
        assert response.status_code == 400
        assert "agreement" in response.json()["errors"]
    assert JointProgramme.objects.get(project=programme_project).agreement == degree


def test_the_form_offers_fitting_agreements_and_shows_refusals(
    member_editor_client, programme_project, degree, organization, jilin
):
    lab = agreement_make(organization, jilin, kind=K.LABORATORY, code="LAB-9")
    url = f"/en/projects/{programme_project.pk}/programme/"
    page = member_editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ACME-JLU-DD" in page
    assert "LAB-9" not in page
    lead = participant_of(programme_project, organization)
    data = {"scheme": "double", f"years_{lead.pk}": "2", "agreement": lab.pk}
    response = member_editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    data["agreement"] = degree.pk
    response = member_editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = member_editor_client.get(
        f"/en/projects/{programme_project.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'href="/en/partnerships/{degree.pk}/"' in page
    assert "ACME-JLU-DD" in page
    assert 'class="badge agreement-draft">draft<' in page


def test_the_form_shows_the_service_refusal(
    member_editor_client, programme_project, degree, organization
):
    # the named agreement stays offered, but Jilin left the project and Acme the agreement
    lead = participant_of(programme_project, organization)
    _set(programme_project, None, degree)
    participant_of(programme_project, degree.parties.last().organization).delete()
    degree.parties.filter(organization=organization).delete()
    url = f"/en/projects/{programme_project.pk}/programme/"
    data = {"scheme": "double", f"years_{lead.pk}": "2", "agreement": degree.pk}
    response = member_editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "None of the agreement&#x27;s parties takes part" in response.content.decode()


def test_the_agreement_page_lists_its_programmes(
    member_editor_client, programme_project, degree, member_editor
):
    url = f"/en/partnerships/{degree.pk}/"
    page = member_editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Joint programmes under this agreement" not in page
    _set(programme_project, member_editor, degree)
    page = member_editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Joint programmes under this agreement" in page
    assert f'href="/en/projects/{programme_project.pk}/"' in page
