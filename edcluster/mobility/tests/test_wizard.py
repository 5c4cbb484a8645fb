"""The application wizard: five steps, each saved as it is posted (plain POST and redirect, or
htmx with the step panel alone), errors shown in their step, another applicant's draft a 404,
the passport warning at review, and submitting through the move's preconditions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from edcluster.core.models import AuditEntry
from edcluster.mobility import services
from edcluster.mobility.demo import PDF
from edcluster.mobility.models import ApplicantProfile, Application, Document
from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def profile_data(**changes) -> dict:
    return {
        "passport_name": "NGUYEN VAN AN",
        "citizenship": "VN",
        "birth_date": "2003-02-01",
        "sex": "m",
        "passport_number": "C1234567",
        "passport_expires": str(timezone.localdate() + timedelta(days=3000)),
        **changes,
    }


def dates(days: int = 100, *, category: str = "exchange") -> dict:
    arrival = timezone.localdate() + timedelta(days=days)
    return {
        "category": category,
        "planned_arrival": str(arrival),
        "planned_departure": str(arrival + timedelta(days=150)),
    }


def test_without_javascript_each_step_is_saved_and_redirects(organization, django_user_model):
    intake = intake_make(organization)
    user = django_user_model.objects.create_user("new@example.org", "x")
    client = client_of(user)
    start = f"/en/mobility/intakes/{intake.pk}/apply/"
    response = client.get(start)
    assert response["Location"] == f"{start}profile/"
    page = client.get(f"{start}profile/").content.decode()
    assert 'aria-current="step"' in page
    assert "Profile &amp; passport" in page
    assert "Review &amp; submit" in page
    saved = client.post(f"{start}profile/", profile_data())
    assert (saved.status_code, saved["Location"]) == (302, f"{start}consents/")
    assert ApplicantProfile.objects.get(user=user).passport_name == "NGUYEN VAN AN"
    # Leaving and coming back: the wizard goes on where it stands.
    assert client.get(start)["Location"] == f"{start}consents/"
    given = client.post(f"{start}consents/", {"consent_personal_data": "on"})
    assert given["Location"] == start
    assert services.consent_in_force(user=user, purpose="personal_data")
    assert client.get(start).status_code == 200
    created = client.post(start, dates())
    draft = Application.objects.get(applicant=user)
    wizard = f"/en/mobility/applications/{draft.pk}/apply/"
    assert (created.status_code, created["Location"]) == (302, f"{wizard}documents/")
    assert draft.stage == "draft"
    assert draft.citizenship == "VN"
    # The draft taken up again from the intake, and its earlier steps now the draft's.
    assert client.get(start)["Location"] == f"{wizard}documents/"
    assert client.get(f"{start}profile/")["Location"] == f"{wizard}profile/"
    documents = client.get(f"{wizard}documents/").content.decode()
    passport = draft.documents.get(kind="passport")
    assert "passport" in documents
    assert f"/apply/documents/{passport.pk}/" in documents
    uploaded = client.post(
        f"{wizard}documents/{passport.pk}/", {"file": SimpleUploadedFile("p.pdf", PDF)}
    )
    assert uploaded["Location"] == f"{wizard}documents/"
    assert Document.objects.get(pk=passport.pk).status == "uploaded"
    review = client.get(f"{wizard}review/").content.decode()
    assert "NGUYEN VAN AN" in review
    assert "Submit the application" in review
    submitted = client.post(f"{wizard}review/")
    assert submitted["Location"] == f"/en/mobility/applications/{draft.pk}/"
    assert Application.objects.get(pk=draft.pk).stage == "submitted"
    # A submitted case has no wizard any more: its status page.
    assert client.get(f"{wizard}programme/")["Location"] == f"/en/mobility/applications/{draft.pk}/"


def test_htmx_steps_answer_the_panel_alone_and_load_the_next(organization):
    intake = intake_make(organization)
    user = applicant_make("htmx@example.org")
    client = client_of(user)
    start = f"/en/mobility/intakes/{intake.pk}/apply/"
    panel = client.get(start, headers=HTMX)
    body = panel.content.decode()
    assert panel.status_code == 200
    assert body.lstrip().startswith('<div id="wizard">')
    assert "<html" not in body
    assert 'hx-post="' in body
    created = client.post(start, dates(), headers=HTMX)
    draft = Application.objects.get(applicant=user)
    assert created.status_code == 200
    assert f"/applications/{draft.pk}/apply/documents/" in created["HX-Location"]
    bad = client.post(f"/en/mobility/applications/{draft.pk}/apply/programme/", {}, headers=HTMX)
    assert bad.status_code == 400
    assert "<html" not in bad.content.decode()
    assert "errorlist" in bad.content.decode()
    submitted = client.post(f"/en/mobility/applications/{draft.pk}/apply/review/", headers=HTMX)
    assert submitted["HX-Redirect"] == f"/en/mobility/applications/{draft.pk}/"


def test_errors_are_shown_in_their_step_and_nothing_is_written(organization):
    intake = intake_make(organization)
    user = applicant_make("errors@example.org", consents=False)
    client = client_of(user)
    start = f"/en/mobility/intakes/{intake.pk}/apply/"
    expired = profile_data(passport_expires=str(timezone.localdate() - timedelta(days=1)))
    response = client.post(f"{start}profile/", expired)
    assert response.status_code == 400
    assert "The passport has expired." in response.content.decode()
    assert ApplicantProfile.objects.get(user=user).passport_name == "LI WEI"
    refused = client.post(f"{start}consents/", {})
    assert refused.status_code == 400
    assert "cannot be processed without this consent" in refused.content.decode()
    # Step 3 waits for the consent.
    assert client.get(start)["Location"] == f"{start}consents/"
    client.post(f"{start}consents/", {"consent_personal_data": "on"})
    backwards = dates() | {"planned_departure": str(timezone.localdate())}
    response = client.post(start, backwards)
    assert response.status_code == 400
    assert "The planned departure must come after the arrival." in response.content.decode()
    assert "constraint" not in response.content.decode()
    assert not Application.objects.filter(applicant=user)
    draft = application_make(user, intake)
    upload = f"/en/mobility/applications/{draft.pk}/apply/documents/"
    passport = draft.documents.get(kind="passport")
    renamed = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 an executable")
    response = client.post(f"{upload}{passport.pk}/", {"file": renamed})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Document.objects.get(pk=passport.pk).status == "missing"


def test_changing_the_programme_keeps_the_draft_and_its_checklist_follows(organization):
    intake = intake_make(organization)
    user = applicant_make("change@example.org")
    client = client_of(user)
    draft = application_make(user, intake, category="degree")
    before = set(draft.documents.values_list("kind", flat=True))
    wizard = f"/en/mobility/applications/{draft.pk}/apply/"
    page = client.get(f"{wizard}programme/").content.decode()
    assert 'value="degree" selected' in page
    changed = client.post(f"{wizard}programme/", dates(200, category="teacher"))
    assert changed["Location"] == f"{wizard}documents/"
    draft.refresh_from_db()
    assert draft.category == "teacher"
    assert Application.objects.filter(applicant=user).count() == 1
    backwards = dates(200) | {"planned_departure": str(timezone.localdate() + timedelta(days=1))}
    refused = client.post(f"{wizard}programme/", backwards)
    assert refused.status_code == 400
    assert "The planned departure must come after the arrival." in refused.content.decode()
    after = set(draft.documents.values_list("kind", flat=True))
    assert after != before
    assert "passport" in after
    assert AuditEntry.objects.filter(verb="mobility.application_changed").count() == 1
    # The profile's new citizenship reaches the draft.
    client.post(f"{wizard}profile/", profile_data(citizenship="KZ"))
    assert Application.objects.get(pk=draft.pk).citizenship == "KZ"


def test_another_applicants_draft_is_a_404(organization, member_editor):
    intake = intake_make(organization)
    draft = application_make(applicant_make("owner@example.org"), intake)
    passport = draft.documents.get(kind="passport")
    wizard = f"/en/mobility/applications/{draft.pk}/apply/"
    for other in (applicant_make("other@example.org"), member_editor):
        client = client_of(other)
        assert client.get(f"{wizard}review/").status_code == 404
        assert client.post(f"{wizard}programme/", dates()).status_code == 404
        upload = {"file": SimpleUploadedFile("p.pdf", PDF)}
        assert client.post(f"{wizard}documents/{passport.pk}/", upload).status_code == 404
        assert client.post(f"{wizard}review/").status_code == 404
    assert Application.objects.get(pk=draft.pk).stage == "draft"
    assert Document.objects.get(pk=passport.pk).status == "missing"


def test_review_warns_of_the_passport_and_submitting_checks_the_preconditions(organization):
    intake = intake_make(organization)
    soon = timezone.localdate() + timedelta(days=400)
    user = applicant_make("warn@example.org", passport_expires=soon)
    client = client_of(user)
    draft = application_make(user, intake)
    review = f"/en/mobility/applications/{draft.pk}/apply/review/"
    assert "valid less than 18 months" in client.get(review).content.decode()
    services.consents_set(user=user, given={"personal_data": False})
    refused = client.post(review)
    assert refused.status_code == 400
    assert "Consent to the processing of your personal data is needed." in (
        refused.content.decode()
    )
    assert Application.objects.get(pk=draft.pk).stage == "draft"
    services.consents_set(user=user, given={"personal_data": True})
    # A passport that expires before the arrival.
    ApplicantProfile.objects.filter(user=user).update(
        passport_expires=draft.planned_arrival - timedelta(days=1)
    )
    refused = client.post(review)
    assert refused.status_code == 400
    assert "expires before the planned arrival" in refused.content.decode()
    ApplicantProfile.objects.filter(user=user).update(passport_expires=soon)
    assert client.post(review).status_code == 302
    assert Application.objects.get(pk=draft.pk).stage == "submitted"


def test_the_wizard_speaks_russian(organization):
    intake = intake_make(organization)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(applicant_make("ru@example.org"))
    page = client.get(f"/ru/mobility/intakes/{intake.pk}/apply/")
    assert page.status_code == 200
    assert 'lang="ru"' in page.content.decode()
