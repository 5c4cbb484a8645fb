"""The office's work and the applicant's rights: the pages fixed in the trial (rule sources,
move labels, the intake page, the queue, the flows), the deadline board, bulk moves,
reviewers, messages, the applicant's own data, deletion and the purge; visa-free
citizenships as data."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from edcluster.mobility import services
from edcluster.mobility.models import (
    Application,
    DeadlineRule,
    Document,
    Message,
    Stage,
    VisaFreeCitizenship,
)
from edcluster.mobility.pipeline import needs_visa, next_stages
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    intake_make,
    upload,
)

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def intake(organization):
    return intake_make(organization)


def test_rule_sources_are_clean_and_in_both_languages():
    for rule in DeadlineRule.objects.all():
        assert "issue 20" not in rule.source
        assert "issue 20" not in rule.source_ru
        assert rule.source_ru
        assert rule.source
    rule = DeadlineRule.objects.get(code="registration-7-working")
    assert "Федеральный закон" in rule.source_ru


def test_the_case_page_labels_actions_and_shows_the_rule_in_the_reader_language(intake):
    applicant = applicant_make()
    application = application_make(applicant, intake, stage="submitted")
    page = client_of(applicant).get(f"/ru/mobility/applications/{application.pk}/")
    body = page.content.decode()
    assert "issue 20" not in body
    assert "Федеральный закон" in body or "университетов" in body
    english = client_of(applicant).get(f"/en/mobility/applications/{application.pk}/")
    assert "Withdraw the application" in english.content.decode()


def test_the_intake_page_describes_and_links_and_offers_apply_to_applicants_only(
    intake, operator, member_viewer
):
    product = intake.offering.product
    product.description_en = "Machine learning with Python."
    product.save()
    url = f"/en/mobility/intakes/{intake.pk}/"
    anonymous = client_of(None).get(url).content.decode()
    assert "Machine learning with Python." in anonymous
    assert f"/en/catalog/{product.slug}/" in anonymous
    assert f"/en/mobility/intakes/{intake.pk}/apply/" in anonymous
    for staff in (operator, member_viewer):
        assert f"/intakes/{intake.pk}/apply/" not in client_of(staff).get(url).content.decode()


def test_the_queue_filters_by_a_select_and_shows_names_and_hosts(intake, member_viewer):
    application_make(applicant_make(passport_name="ZHANG MIN"), intake, stage="submitted")
    body = client_of(member_viewer).get("/en/mobility/cases/?stage=submitted").content.decode()
    assert "ZHANG MIN" in body
    assert "applicant-mob@example.org" not in body
    assert '<select name="stage"' in body
    assert str(intake.host) in body


def test_the_flows_name_countries_and_count_totals_in_a_period(intake, operator):
    application_make(applicant_make("a@example.org", citizenship="IN"), intake)
    application_make(applicant_make("b@example.org", citizenship="VN"), intake)
    body = client_of(operator).get("/ru/mobility/flows/").content.decode()
    assert "Индия" in body
    assert "Вьетнам" in body
    assert "<tfoot>" in body
    empty = client_of(operator).get("/en/mobility/flows/?since=2999-01-01").content.decode()
    assert "India" not in empty
    bad = client_of(operator).get("/en/mobility/flows/?since=2027-02-01&until=2027-01-01")
    assert bad.status_code == 400


def test_the_deadline_board_puts_overdue_first_with_the_rule(intake, member_editor):
    today = timezone.localdate()
    late = application_make(
        applicant_make("late@example.org"),
        intake,
        stage="arrived",
        office=member_editor,
        planned_arrival=today - timedelta(days=30),
        planned_departure=today + timedelta(days=300),
    )
    soon = application_make(applicant_make("soon@example.org"), intake, stage="confirmed")
    rows = services_board(member_editor)
    assert [row.application.pk for row in rows][:2] == [late.pk, soon.pk]
    assert rows[0].overdue
    assert rows[0].deadline.event == "registration"
    assert rows[0].deadline.rule is not None
    page = client_of(member_editor).get("/en/mobility/cases/deadlines/?within=overdue")
    body = page.content.decode()
    assert f"/en/mobility/applications/{late.pk}/" in body
    assert f"/en/mobility/applications/{soon.pk}/" not in body
    assert "109-FZ" in body


def services_board(user):
    from edcluster.mobility.selectors import deadline_board

    return deadline_board(viewer=user)


def test_bulk_moves_check_each_case(intake, member_editor):
    ready = application_make(applicant_make("r@example.org"), intake, stage="submitted")
    for document in ready.documents.all():
        upload(document, ready.applicant)
        services.document_check(document=document, actor=member_editor, accept=True)
    missing = application_make(applicant_make("m@example.org"), intake, stage="submitted")
    response = client_of(member_editor).post(
        "/en/mobility/cases/move/", {"ids": [ready.pk, missing.pk, 999999]}
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=ready.pk).stage == Stage.DOCUMENTS_COMPLETE
    assert Application.objects.get(pk=missing.pk).stage == Stage.SUBMITTED
    body = response.content.decode()
    assert "Not accepted yet" in body
    assert "No such case." in body
    api = client_of(member_editor).post(
        "/api/mobility/cases/move", {"ids": [missing.pk]}, content_type="application/json"
    )
    assert api.json()["moved"] == []
    assert api.json()["refused"][0]["id"] == missing.pk


def test_only_assigned_reviewers_score_and_never_open_the_passport(intake, member_editor, outsider):
    from decimal import Decimal

    criterion = services.criterion_add(
        intake=intake, actor=member_editor, name="Grades", weight=Decimal(1)
    )
    application = application_make(applicant_make(), intake, stage="submitted")
    passport = application.documents.get(kind="passport")
    upload(passport, application.applicant)
    url = f"/en/mobility/applications/{application.pk}/score/"
    assert client_of(outsider).post(url, {f"criterion_{criterion.pk}": "7"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.score_set(application=application, criterion=criterion, reviewer=outsider, value=5)
    services.reviewer_assign(intake=intake, reviewer=outsider, actor=member_editor)
    reviewer = client_of(outsider)
    assert reviewer.post(url, {f"criterion_{criterion.pk}": "11"}).status_code == 400
    assert reviewer.post(url, {f"criterion_{criterion.pk}": "7"}).status_code == 302
    file_url = f"/en/mobility/applications/{application.pk}/documents/{passport.pk}/file/"
    assert reviewer.get(file_url).status_code == 404
    ranking = reviewer.get(f"/en/mobility/intakes/{intake.pk}/review/").content.decode()
    assert "7.00" in ranking


def test_messages_between_the_office_and_the_applicant(intake, member_editor, outsider):
    application = application_make(applicant_make(), intake)
    client_of(application.applicant).post(
        f"/en/mobility/applications/{application.pk}/messages/", {"body": "When is the visa?"}
    )
    client_of(member_editor).post(
        f"/en/mobility/applications/{application.pk}/messages/", {"body": "In March."}
    )
    assert list(Message.objects.values_list("from_office", "body")) == [
        (False, "When is the visa?"),
        (True, "In March."),
    ]
    empty = client_of(application.applicant).post(
        f"/en/mobility/applications/{application.pk}/messages/", {"body": " "}
    )
    assert empty.status_code == 400
    assert Message.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.message_send(application=application, author=outsider, body="Hi")
    page = client_of(application.applicant).get(f"/en/mobility/applications/{application.pk}/")
    assert "In March." in page.content.decode()


def test_the_applicant_exports_their_data_and_deletes_an_ended_case(intake):
    applicant = applicant_make()
    application = application_make(applicant, intake)
    services.message_send(application=application, author=applicant, body="Hello")
    response = client_of(applicant).get("/en/mobility/my-data/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["passport_name"] == "LI WEI"
    assert data["applications"][0]["messages"][0]["body"] == "Hello"
    url = f"/en/mobility/applications/{application.pk}/delete/"
    assert client_of(applicant).post(url).status_code == 400  # still open
    services.application_move(
        application=application, to=Stage.WITHDRAWN, actor=applicant, data={"reason": "x"}
    )
    assert client_of(applicant).post(url).status_code == 302
    assert not Application.objects.filter(pk=application.pk).exists()


def test_a_case_with_a_visa_is_kept(intake, member_editor):
    application = application_make(applicant_make(), intake, stage="visa_issued")
    Application.objects.filter(pk=application.pk).update(stage=Stage.CANCELLED)
    application.refresh_from_db()
    with pytest.raises(ValidationError) as kept:
        services.application_erase(application=application, actor=application.applicant, reason="")
    assert list(kept.value.message_dict) == ["application"]


def test_the_purge_deletes_files_then_cases_after_their_retention(intake, settings):
    settings.MOBILITY_FILES_RETENTION_DAYS = 365
    settings.MOBILITY_CASE_RETENTION_DAYS = 1095
    applicant = applicant_make()
    application = application_make(applicant, intake)
    upload(application.documents.get(kind="passport"), applicant)
    services.application_move(
        application=application, to=Stage.WITHDRAWN, actor=applicant, data={"reason": "x"}
    )
    today = timezone.localdate()
    assert services.applications_purge(today=today)["files"] == 0
    counts = services.applications_purge(today=today + timedelta(days=400))
    assert (counts["files"], counts["erased"]) == (1, 0)
    assert Document.objects.get(application=application, kind="passport").content is None
    assert services.applications_purge(today=today + timedelta(days=400))["files"] == 0
    assert services.applications_purge(today=today + timedelta(days=1200))["erased"] == 1
    assert not Application.objects.filter(pk=application.pk).exists()


def test_visa_free_citizenships_are_data():
    assert VisaFreeCitizenship.objects.filter(country="KZ").exists()
    assert not needs_visa("KZ")
    assert needs_visa("CN")
    path = next_stages(stage=Stage.CONFIRMED, citizenship="KZ", decision="accepted")
    assert path[0] == Stage.ARRIVED
    VisaFreeCitizenship.objects.filter(country="KZ").delete()
    path = next_stages(stage=Stage.CONFIRMED, citizenship="KZ", decision="accepted")
    assert path[0] == Stage.INVITATION_REQUESTED
