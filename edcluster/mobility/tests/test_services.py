"""The pipeline's moves and their preconditions, the checklist, decisions and the audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from edcluster.core.models import AuditEntry
from edcluster.mobility import services
from edcluster.mobility.models import Application, Document, Stage
from edcluster.mobility.pipeline import REOPEN
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    intake_make,
    operator_user,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(organization):
    return intake_make(organization)


@pytest.fixture
def applicant(db):
    return applicant_make()


def test_a_draft_gets_the_checklist_of_its_category(intake, applicant):
    application = application_make(applicant, intake, category="degree")
    kinds = set(application.documents.values_list("kind", flat=True))
    assert kinds == {
        "passport",
        "education",
        "transcript",
        "language",
        "motivation",
        "insurance",
        "hiv",
    }
    scientist = application_make(applicant_make("sci@example.org"), intake, category="scientist")
    assert set(scientist.documents.values_list("kind", flat=True)) == {
        "passport",
        "cv",
        "research",
        "insurance",
    }


def test_the_whole_path_is_dated_and_audited(intake, applicant, member_editor):
    application = application_make(applicant, intake, stage=Stage.ENROLLED, office=member_editor)
    stages = list(application.history.values_list("to_stage", flat=True))
    assert stages == [
        "draft",
        "submitted",
        "documents_complete",
        "under_review",
        "decided",
        "confirmed",
        "invitation_requested",
        "invitation_issued",
        "visa_issued",
        "arrived",
        "registered",
        "enrolled",
    ]
    assert application.decision == "accepted"
    assert application.history.get(to_stage="submitted").actor == applicant
    assert application.history.get(to_stage="arrived").actor == member_editor
    moves = AuditEntry.objects.filter(verb="mobility.stage_changed", target_id=str(application.pk))
    assert moves.count() == 11


def test_visa_free_citizens_skip_invitation_and_visa(intake, member_editor):
    kazakh = applicant_make("kz@example.org", citizenship="KZ")
    application = application_make(kazakh, intake, stage=Stage.CONFIRMED, office=member_editor)
    with pytest.raises(services.MoveNotAllowed) as refused:
        services.application_move(
            application=application, to=Stage.INVITATION_REQUESTED, actor=member_editor
        )
    assert refused.value.allowed == ["arrived", "cancelled"]
    moved = services.application_move(
        application=application,
        to=Stage.ARRIVED,
        actor=member_editor,
        data={"border_date": timezone.localdate()},
    )
    assert moved.stage == "arrived"


def test_review_needs_a_complete_checklist(intake, applicant, member_editor):
    application = application_make(applicant, intake, stage=Stage.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.application_move(
            application=application, to=Stage.DOCUMENTS_COMPLETE, actor=member_editor
        )
    assert "documents" in error.value.message_dict
    assert Application.objects.get(pk=application.pk).stage == "submitted"


def test_arrival_before_the_visa_is_refused_and_nothing_stored(intake, applicant, member_editor):
    application = application_make(applicant, intake, stage=Stage.VISA_ISSUED, office=member_editor)
    early = application.visa.valid_from - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.application_move(
            application=application,
            to=Stage.ARRIVED,
            actor=member_editor,
            data={"border_date": early},
        )
    assert list(error.value.message_dict) == ["border_date"]
    application.refresh_from_db()
    assert application.stage == "visa_issued"
    assert not hasattr(application, "arrival")


def test_a_decision_needs_its_reasons(intake, applicant, member_editor):
    application = application_make(
        applicant, intake, stage=Stage.UNDER_REVIEW, office=member_editor
    )
    with pytest.raises(ValidationError) as error:
        services.application_move(
            application=application,
            to=Stage.DECIDED,
            actor=member_editor,
            data={"decision": "rejected"},
        )
    assert list(error.value.message_dict) == ["decision_reason"]
    with pytest.raises(ValidationError) as error:  # "other" needs the comment
        services.application_move(
            application=application,
            to=Stage.DECIDED,
            actor=member_editor,
            data={"decision": "rejected", "decision_reason": "other"},
        )
    assert list(error.value.message_dict) == ["reasons"]
    decided = services.application_move(
        application=application,
        to=Stage.DECIDED,
        actor=member_editor,
        data={
            "decision": "rejected",
            "decision_reason": "other",
            "reasons": "The transcript shows no mathematics.",
        },
    )
    assert (decided.decision, decided.decision_reason, decided.decision_reasons) == (
        "rejected",
        "other",
        "The transcript shows no mathematics.",
    )
    # A rejected applicant cannot confirm.
    with pytest.raises(services.MoveNotAllowed):
        services.application_move(application=decided, to=Stage.CONFIRMED, actor=applicant)


def test_who_moves_what(intake, applicant, member_editor, member_viewer, outsider):
    application = application_make(applicant, intake)
    with pytest.raises(PermissionDenied):
        services.application_move(application=application, to=Stage.SUBMITTED, actor=member_viewer)
    with pytest.raises(PermissionDenied):
        services.application_move(application=application, to=Stage.SUBMITTED, actor=outsider)
    with pytest.raises(services.MoveNotAllowed):  # the office does not submit for the applicant
        services.application_move(application=application, to=Stage.SUBMITTED, actor=member_editor)
    services.application_move(application=application, to=Stage.SUBMITTED, actor=applicant)


def test_withdrawn_from_any_stage_and_only_operators_reopen(intake, applicant, member_editor):
    application = application_make(applicant, intake, stage=Stage.DECIDED, office=member_editor)
    withdrawn = services.application_move(
        application=application, to=Stage.WITHDRAWN, actor=applicant, data={"reason": "Other offer"}
    )
    for actor in (applicant, member_editor):
        with pytest.raises(services.MoveNotAllowed) as refused:
            services.application_move(
                application=withdrawn, to=REOPEN, actor=actor, data={"reason": "x"}
            )
        assert refused.value.allowed == []
    with pytest.raises(ValidationError):
        services.application_move(application=withdrawn, to=REOPEN, actor=operator_user())
    reopened = services.application_move(
        application=withdrawn, to=REOPEN, actor=operator_user(), data={"reason": "Asked by phone"}
    )
    assert reopened.stage == "decided"


def test_cancelling_needs_a_reason(intake, applicant, member_editor):
    application = application_make(applicant, intake, stage=Stage.SUBMITTED)
    with pytest.raises(ValidationError):
        services.application_move(application=application, to=Stage.CANCELLED, actor=member_editor)
    services.application_move(
        application=application,
        to=Stage.CANCELLED,
        actor=member_editor,
        data={"reason": "Duplicate"},
    )
    assert Application.objects.get(pk=application.pk).stage == "cancelled"


def test_an_expired_passport_is_refused(applicant):
    with pytest.raises(ValidationError) as error:
        applicant_make("old@example.org", passport_expires=timezone.localdate())
    assert list(error.value.message_dict) == ["passport_expires"]


def test_a_passport_valid_under_18_months_warns(intake):
    short = applicant_make(
        "short@example.org", passport_expires=timezone.localdate() + timedelta(400)
    )
    application = application_make(short, intake)
    with translation.override("en"):
        assert "18 months" in services.passport_warning(application)
    assert services.passport_warning(application_make(applicant_make(), intake)) == ""


def test_uploads_are_checked_by_their_bytes_and_size(intake, applicant, member_editor):
    application = application_make(applicant, intake)
    passport = application.documents.get(kind="passport")
    with pytest.raises(ValidationError) as error:
        upload(passport, applicant, b"MZ\x90\x00 a renamed executable")
    assert list(error.value.message_dict) == ["file"]
    with pytest.raises(ValidationError):
        upload(passport, applicant, b"%PDF-" + b"0" * services.MAX_BYTES)
    passport.refresh_from_db()
    assert (passport.status, passport.size) == ("missing", 0)
    upload(passport, applicant, b"\x89PNG\r\n\x1a\n....")
    passport.refresh_from_db()
    assert (passport.status, passport.content_type) == ("uploaded", "image/png")


def test_a_rejection_needs_a_reason_and_asks_for_a_new_file(intake, applicant, member_editor):
    application = application_make(applicant, intake)
    passport = upload(application.documents.get(kind="passport"), applicant)
    with pytest.raises(ValidationError):
        services.document_check(document=passport, actor=member_editor, accept=False)
    with pytest.raises(PermissionDenied):
        services.document_check(document=passport, actor=applicant, accept=True)
    rejected = services.document_check(
        document=passport, actor=member_editor, accept=False, reason="The photo page is cut."
    )
    assert (rejected.status, rejected.checked_by) == ("rejected", member_editor)
    again = upload(rejected, applicant)
    assert (again.status, again.reason) == (Document.Status.UPLOADED, "")


def test_reading_a_file_is_audited(intake, applicant, member_viewer):
    application = application_make(applicant, intake)
    passport = upload(application.documents.get(kind="passport"), applicant)
    assert services.document_read(document=passport, actor=member_viewer).startswith(b"%PDF")
    entry = AuditEntry.objects.get(verb="mobility.document_viewed")
    assert (entry.actor, entry.data) == (member_viewer, {"document": "passport"})


def test_no_second_open_application_to_an_intake(intake, applicant):
    application_make(applicant, intake)
    with pytest.raises(ValidationError):
        application_make(applicant, intake)


def test_submitting_needs_the_consent_to_personal_data(intake):
    person = applicant_make("noconsent@example.org", consents=False)
    application = application_make(person, intake)
    with pytest.raises(ValidationError) as error:
        services.application_move(application=application, to=Stage.SUBMITTED, actor=person)
    assert list(error.value.message_dict) == ["consent"]
    services.consents_set(user=person, given={"personal_data": True})
    services.application_move(application=application, to=Stage.SUBMITTED, actor=person)


def test_a_health_document_needs_its_own_consent_and_consents_are_withdrawn(intake):
    person = applicant_make("health@example.org", consents=False)
    services.consents_set(user=person, given={"personal_data": True})
    application = application_make(person, intake, category="degree")
    hiv = application.documents.get(kind="hiv")
    with pytest.raises(ValidationError):
        upload(hiv, person)
    services.consents_set(user=person, given={"health_data": True})
    assert upload(hiv, person).status == "uploaded"
    services.consents_set(user=person, given={"health_data": False})
    assert not services.consent_in_force(user=person, purpose="health_data")
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="mobility.consent")
        .order_by("pk")
        .values_list("verb", "data")
    )
    assert verbs == [
        ("mobility.consent_given", {"purpose": "personal_data"}),
        ("mobility.consent_given", {"purpose": "health_data"}),
        ("mobility.consent_withdrawn", {"purpose": "health_data"}),
    ]
