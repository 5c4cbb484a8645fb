"""Printable letters of an accepted case: HTML with print CSS in the language asked, for the
applicant, the host's staff and operators (others 404), each print audited; none before the
acceptance; no visa letter for visa-free citizens."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from edcluster.core.models import AuditEntry
from edcluster.mobility.models import VisaFreeCitizenship
from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(organization):
    return intake_make(organization)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def letter_url(application, kind: str, lang: str = "") -> str:
    query = f"?lang={lang}" if lang else ""
    return f"/en/mobility/applications/{application.pk}/letters/{kind}/{query}"


def test_the_acceptance_letter_in_english_and_russian(intake, member_viewer):
    application = application_make(applicant_make(), intake, stage="decided")
    owner = client_of(application.applicant)
    case = owner.get(f"/en/mobility/applications/{application.pk}/").content.decode()
    assert letter_url(application, "acceptance", "ru") in case
    english = owner.get(letter_url(application, "acceptance", "en"))
    assert english.status_code == 200
    assert english["Cache-Control"] == "no-store"
    body = english.content.decode()
    assert '<html lang="en">' in body
    assert "Letter of acceptance" in body
    assert "Dear LI WEI," in body
    assert "css/mobility-letter.css" in body
    russian = owner.get(letter_url(application, "acceptance", "ru")).content.decode()
    assert '<html lang="ru">' in russian
    with translation.override("ru"):
        today_in_russian = date_format(timezone.localdate(), "j E Y")
    assert today_in_russian in russian  # e.g. "7 декабря 2026"
    assert today_in_russian not in body
    assert client_of(member_viewer).get(letter_url(application, "acceptance")).status_code == 200
    assert AuditEntry.objects.filter(verb="mobility.letter_printed").count() == 3


def test_the_visa_letter_carries_the_passport_and_is_not_for_visa_free_citizens(intake, operator):
    application = application_make(applicant_make(), intake, stage="confirmed")
    body = client_of(operator).get(letter_url(application, "visa-support", "en")).content.decode()
    assert "E12345678" in body
    assert "Ministry of Internal Affairs" in body
    VisaFreeCitizenship.objects.get_or_create(
        country="CN", defaults={"source": "test", "checked_on": date(2026, 1, 1)}
    )
    assert client_of(operator).get(letter_url(application, "visa-support")).status_code == 404
    assert client_of(operator).get(letter_url(application, "acceptance")).status_code == 200


def test_no_letter_before_acceptance_nor_for_others(intake, outsider):
    draft = application_make(applicant_make(), intake, stage="submitted")
    owner = client_of(draft.applicant)
    assert owner.get(letter_url(draft, "acceptance")).status_code == 404
    accepted = application_make(applicant_make("other@example.org"), intake, stage="decided")
    assert owner.get(letter_url(accepted, "acceptance")).status_code == 404
    assert client_of(outsider).get(letter_url(accepted, "acceptance")).status_code == 404
    assert client_of(accepted.applicant).get(letter_url(accepted, "unknown")).status_code == 404
    assert not AuditEntry.objects.filter(verb="mobility.letter_printed").exists()
