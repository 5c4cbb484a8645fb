"""The mobility API: bad input names its field, a move not allowed is a 409 with the allowed
ones, another applicant's case is a 404, lists carry no passport number, files are served as
attachments that are not cached."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from edcluster.core.models import AuditEntry
from edcluster.mobility.models import Document
from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make, upload

pytestmark = pytest.mark.django_db
BASE = "/api/mobility"


@pytest.fixture
def intake(organization):
    return intake_make(organization)


@pytest.fixture
def applicant(db):
    return applicant_make()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_expired_passport_is_a_400_naming_the_field(db):
    user = applicant_make("p@example.org")
    response = client_of(user).put(
        f"{BASE}/profile",
        {
            "passport_name": "LI WEI",
            "citizenship": "cn",
            "birth_date": "2001-01-01",
            "sex": "m",
            "passport_number": "E1",
            "passport_expires": "2020-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["passport_expires"]


def test_a_move_not_allowed_is_a_409_with_the_allowed_ones(intake, applicant):
    application = application_make(applicant, intake)
    response = client_of(applicant).post(
        f"{BASE}/applications/{application.pk}/transition",
        {"to": "enrolled"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["errors"] == {"to": ["submitted", "withdrawn"]}


def test_applying_and_submitting_through_the_api(intake, applicant):
    client = client_of(applicant)
    created = client.post(
        f"{BASE}/applications",
        {
            "intake_id": intake.pk,
            "category": "exchange",
            "planned_arrival": "2027-09-01",
            "planned_departure": "2028-01-31",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["stage"], body["allowed_moves"]) == ("draft", ["submitted", "withdrawn"])
    assert {line["kind"] for line in body["checklist"]} == {
        "passport",
        "education",
        "transcript",
        "motivation",
        "insurance",
    }
    moved = client.post(
        f"{BASE}/applications/{body['id']}/transition",
        {"to": "submitted"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert [change["to_stage"] for change in moved.json()["stage_history"]] == [
        "draft",
        "submitted",
    ]


def test_another_applicants_case_is_a_404(intake, applicant):
    application = application_make(applicant, intake)
    other = applicant_make("other@example.org")
    response = client_of(other).get(f"{BASE}/applications/{application.pk}")
    assert response.status_code == 404
    assert client_of(other).get(f"{BASE}/applications").json()["count"] == 0


def test_lists_never_carry_the_passport_number(intake, applicant, member_viewer):
    application_make(applicant, intake)
    for client in (client_of(applicant), client_of(member_viewer)):
        response = client.get(f"{BASE}/applications")
        assert response.json()["count"] == 1
        assert "E12345678" not in response.content.decode()
        assert "E12345678" not in client.get("/en/mobility/cases/").content.decode()


def test_an_upload_by_its_bytes_and_the_file_served_as_an_attachment(
    intake, applicant, member_viewer
):
    application = application_make(applicant, intake)
    document = application.documents.get(kind="passport")
    url = f"{BASE}/applications/{application.pk}/documents/{document.pk}"
    renamed = SimpleUploadedFile("passport.pdf", b"MZ\x90\x00", content_type="application/pdf")
    refused = client_of(applicant).post(url, {"file": renamed})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["file"]
    assert Document.objects.get(pk=document.pk).status == "missing"
    upload(document, applicant, b"\xff\xd8\xff\xe0 jpeg")
    response = client_of(member_viewer).get(f"{url}/file")
    assert response.status_code == 200
    assert response.content == b"\xff\xd8\xff\xe0 jpeg"
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(verb="mobility.document_viewed", actor=member_viewer).exists()


def test_the_office_queue_and_the_operators_flows(intake, applicant, member_viewer, operator):
    application_make(applicant, intake, stage="submitted")
    application_make(applicant_make("kz@example.org", citizenship="KZ"), intake)
    queue = {
        row["stage"]: row["count"] for row in client_of(member_viewer).get(f"{BASE}/cases").json()
    }
    assert (queue["draft"], queue["submitted"], queue["enrolled"]) == (1, 1, 0)
    assert client_of(member_viewer).get(f"{BASE}/stats/countries").status_code == 403
    flows = client_of(operator).get(f"{BASE}/stats/countries").json()
    assert flows == [
        {
            "citizenship": "CN",
            "country_name": "Китай",
            "applications": 1,
            "accepted": 0,
            "arrived": 0,
        },
        {
            "citizenship": "KZ",
            "country_name": "Казахстан",
            "applications": 1,
            "accepted": 0,
            "arrived": 0,
        },
    ]
    later = client_of(operator).get(f"{BASE}/stats/countries?since=2999-01-01").json()
    assert later == []


def test_the_ranking_weighs_the_criteria(intake, member_editor):
    from decimal import Decimal

    from edcluster.mobility import services

    services.reviewer_assign(intake=intake, reviewer=member_editor, actor=member_editor)

    grades = services.criterion_add(
        intake=intake, actor=member_editor, name="Grades", weight=Decimal(3)
    )
    motivation = services.criterion_add(
        intake=intake, actor=member_editor, name="Motivation", weight=Decimal(1)
    )
    first = application_make(applicant_make("a@example.org"), intake, stage="submitted")
    second = application_make(applicant_make("b@example.org"), intake, stage="submitted")
    for application, values in ((first, (6, 10)), (second, (9, 2))):
        for criterion, value in zip((grades, motivation), values, strict=True):
            response = client_of(member_editor).post(
                f"{BASE}/applications/{application.pk}/scores",
                {"criterion_id": criterion.pk, "value": value},
                content_type="application/json",
            )
            assert response.status_code == 200
    ranking = client_of(member_editor).get(f"{BASE}/intakes/{intake.pk}/ranking").json()
    # (3·9 + 1·2) / 4 = 7.25 before (3·6 + 1·10) / 4 = 7.00
    assert ranking == [
        {"application_id": second.pk, "score": "7.25", "reviewers": 1},
        {"application_id": first.pk, "score": "7.00", "reviewers": 1},
    ]


def test_no_consent_is_a_400(intake):
    person = applicant_make("nc@example.org", consents=False)
    application = application_make(person, intake)
    response = client_of(person).post(
        f"{BASE}/applications/{application.pk}/transition",
        {"to": "submitted"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["consent"]
