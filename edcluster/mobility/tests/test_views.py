"""The pages: an applicant fills in the profile, applies, uploads and submits; the office
checks and moves the case; bad input shows the form again; the status page shows the dated
deadlines; the queue's query count is bounded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from edcluster.mobility.demo import PDF
from edcluster.mobility.models import Application, Document
from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_applicant_applies_uploads_and_submits(organization, django_user_model):
    intake = intake_make(organization)
    user = django_user_model.objects.create_user("new@example.org", "x")
    client = client_of(user)
    apply_url = f"/en/mobility/intakes/{intake.pk}/apply/"
    response = client.get(apply_url)
    assert response.status_code == 302
    assert response["Location"] == f"{apply_url}profile/"  # the wizard's first step
    profile = {
        "passport_name": "NGUYEN VAN AN",
        "citizenship": "VN",
        "birth_date": "2003-02-01",
        "sex": "m",
        "passport_number": "C1234567",
        "passport_expires": "2031-01-01",
        "consent_personal_data": "on",
    }
    saved = client.post(f"/en/mobility/profile/?next={apply_url}", profile)
    assert (saved.status_code, saved["Location"]) == (302, apply_url)
    created = client.post(
        apply_url,
        {
            "category": "exchange",
            "planned_arrival": "2027-09-01",
            "planned_departure": "2028-01-31",
        },
    )
    application = Application.objects.get(applicant=user)
    assert created["Location"] == f"/en/mobility/applications/{application.pk}/apply/documents/"
    passport = application.documents.get(kind="passport")
    client.post(
        f"/en/mobility/applications/{application.pk}/documents/{passport.pk}/upload/",
        {"file": SimpleUploadedFile("passport.pdf", PDF)},
    )
    assert Document.objects.get(pk=passport.pk).status == "uploaded"
    client.post(f"/en/mobility/applications/{application.pk}/move/", {"to": "submitted"})
    assert Application.objects.get(pk=application.pk).stage == "submitted"
    page = client.get(f"/en/mobility/applications/{application.pk}/").content.decode()
    assert "passport.pdf" in page
    assert "request the invitation" in page  # a dated deadline with its rule


def test_bad_input_shows_the_form_again(organization):
    intake = intake_make(organization)
    applicant = applicant_make()
    application = application_make(applicant, intake)
    passport = application.documents.get(kind="passport")
    response = client_of(applicant).post(
        f"/en/mobility/applications/{application.pk}/documents/{passport.pk}/upload/",
        {"file": SimpleUploadedFile("passport.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    refused = client_of(applicant).post(
        f"/en/mobility/applications/{application.pk}/move/", {"to": "enrolled"}
    )
    assert refused.status_code == 409
    assert "This move is not allowed now." in refused.content.decode()
    assert Application.objects.get(pk=application.pk).stage == "draft"


def test_the_office_rejects_with_a_reason_and_decides(organization, member_editor):
    intake = intake_make(organization)
    applicant = applicant_make()
    application = application_make(applicant, intake, stage="under_review", office=member_editor)
    office = client_of(member_editor)
    url = f"/en/mobility/applications/{application.pk}/move/"
    missing = office.post(url, {"to": "decided", "decision": "accepted"})
    assert missing.status_code == 400
    assert "This step needs this field." in missing.content.decode()
    decided = office.post(
        url,
        {"to": "decided", "decision": "accepted", "decision_reason": "meets", "reasons": "Strong"},
    )
    assert decided.status_code == 302
    page = client_of(applicant).get(f"/en/mobility/applications/{application.pk}/")
    assert "meets the admission requirements" in page.content.decode()
    assert "Meets" not in page.content.decode()  # the reason is a choice, not stored text


def test_the_status_page_is_an_htmx_fragment_too(organization):
    applicant = applicant_make()
    application = application_make(applicant, intake_make(organization))
    response = client_of(applicant).get(
        f"/en/mobility/applications/{application.pk}/", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="case">')
    assert "<html" not in body


def test_the_queue_lists_cases_in_as_many_queries_for_two_as_for_six(organization, member_viewer):
    intake = intake_make(organization)
    client = client_of(member_viewer)
    client.get("/en/mobility/cases/")  # the session's first request refreshes it
    counts = []
    for index in range(6):
        application_make(applicant_make(f"q{index}@example.org"), intake)
        if index in (1, 5):
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/en/mobility/cases/?stage=draft")
            counts.append(len(queries))
    assert response.content.decode().count("/en/mobility/applications/") == 6
    # the office's member ids are read as a list for each of the three reads (faster plans)
    assert counts[0] == counts[1] <= 19


def test_the_russian_pages(organization):
    intake_make(organization)
    response = Client().get("/ru/mobility/")
    assert response.status_code == 200
    assert "Учёба и исследования в Томске" in response.content.decode()
