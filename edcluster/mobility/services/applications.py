"""Applicants' profiles, applications and their moves: each move checks its preconditions,
writes a dated stage change and an audit entry in one transaction."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.mobility.models import (
    ApplicantProfile,
    Application,
    Arrival,
    Consent,
    Document,
    DocumentRequirement,
    Enrolment,
    Intake,
    Invitation,
    Registration,
    Stage,
    StageChange,
    Visa,
)
from edcluster.mobility.pipeline import REOPEN, needs_visa
from edcluster.mobility.selectors import allowed_moves, may_act_on
from edcluster.mobility.services.board import next_deadline_store
from edcluster.mobility.services.dashboard import stage_days_add
from edcluster.mobility.services.nominations import (
    application_nominate,
    holds_place,
    nomination_follow,
)


class MoveNotAllowed(Exception):
    """A move the case's stage does not allow; `allowed` lists those it does."""

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(_("This move is not allowed now."))
        self.allowed = allowed


PROFILE_FIELDS = (
    "passport_name",
    "citizenship",
    "birth_date",
    "sex",
    "passport_number",
    "passport_expires",
    "residence",
    "consulate_city",
    "education",
    "languages",
)


CONSENT_VERSION = "2025-09-01"  # the consent texts' version (152-FZ as amended by 156-FZ)


def consent_in_force(*, user, purpose: str) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def consents_set(*, user, given: dict[str, bool]) -> None:
    """Give the consents marked True (once) and withdraw those marked False, audited."""
    now = timezone.now()
    for purpose, wanted in given.items():
        in_force = consent_in_force(user=user, purpose=purpose)
        if wanted and not in_force:
            Consent.objects.create(
                user=user, purpose=purpose, text_version=CONSENT_VERSION, given_at=now
            )
        elif not wanted and in_force:
            Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
                withdrawn_at=now
            )
        else:
            continue
        verb = "mobility.consent_given" if wanted else "mobility.consent_withdrawn"
        audit_record(actor=user, verb=verb, target=user, data={"purpose": purpose})


@transaction.atomic
def profile_save(
    *, user, fields: dict[str, Any], consents: dict[str, bool] | None = None
) -> ApplicantProfile:
    """Create or change the user's applicant profile and consents; the user becomes an
    applicant."""
    profile = ApplicantProfile.objects.filter(user=user).first() or ApplicantProfile(user=user)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    profile.full_clean()
    if profile.passport_expires and profile.passport_expires <= timezone.localdate():
        raise ValidationError({"passport_expires": _("The passport has expired.")})
    profile.save()
    if not user.is_applicant:
        user.is_applicant = True
        user.save(update_fields=["is_applicant"])
    audit_record(actor=user, verb="mobility.profile_saved", target=profile)
    consents_set(user=user, given=consents or {})
    return profile


def checklist_build(application: Application) -> list[Document]:
    """The application's documents: one line per kind its category and citizenship require."""
    kinds = set(
        DocumentRequirement.objects.filter(
            category__in=("", application.category),
            citizenship__in=("", str(application.citizenship)),
        ).values_list("kind", flat=True)
    )
    return [
        Document.objects.get_or_create(application=application, kind=kind)[0]
        for kind in sorted(kinds)
    ]


@transaction.atomic
def application_create(
    *,
    applicant,
    intake: Intake,
    category: str,
    planned_arrival: date,
    planned_departure: date,
    condition_id: int | None = None,
) -> Application:
    """A draft application of the applicant to an open intake, with its checklist; naming an
    agreement's condition makes it a nomination under that condition's quota."""
    profile = ApplicantProfile.objects.filter(user=applicant).first()
    if profile is None:
        raise ValidationError(_("Fill in your applicant profile first."))
    if not intake.is_open or intake.deadline < timezone.localdate():
        raise ValidationError({"intake": _("This intake no longer takes applications.")})
    if Application.objects.filter(applicant=applicant, intake=intake).exclude(
        stage__in=(Stage.WITHDRAWN, Stage.CANCELLED)
    ):
        raise ValidationError({"intake": _("You have applied to this intake already.")})
    _dates_check(planned_arrival, planned_departure)
    now = timezone.now()
    application = Application(
        applicant=applicant,
        intake=intake,
        host_id=intake.host_id,
        category=category,
        citizenship=profile.citizenship,
        planned_arrival=planned_arrival,
        planned_departure=planned_departure,
        stage_since=now,
    )
    application.full_clean()
    application.save()
    StageChange.objects.create(
        application=application, to_stage=Stage.DRAFT, at=now, actor=applicant
    )
    checklist_build(application)
    audit_record(actor=applicant, verb="mobility.application_created", target=application)
    if condition_id is not None:
        application = application_nominate(
            application=application, actor=applicant, condition_id=condition_id
        )
    application.next_deadline_on = next_deadline_store(application.pk)
    return application


def _dates_check(arrival: date, departure: date) -> None:
    """The stay's dates in order, named on the field (the database's constraint would only
    say which constraint failed)."""
    if arrival and departure and departure <= arrival:
        raise ValidationError(
            {"planned_departure": _("The planned departure must come after the arrival.")}
        )


@transaction.atomic
def application_draft_change(
    *,
    application: Application,
    actor,
    category: str,
    planned_arrival: date,
    planned_departure: date,
) -> Application:
    """The applicant changes their draft's category and dates (and it takes the profile's
    citizenship again): its checklist follows, a line no longer asked dropped unless a file
    was uploaded to it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != actor.pk or application.stage != Stage.DRAFT:
        raise PermissionDenied
    _dates_check(planned_arrival, planned_departure)
    profile = ApplicantProfile.objects.get(user=actor)
    application.category = category
    application.citizenship = profile.citizenship
    application.planned_arrival = planned_arrival
    application.planned_departure = planned_departure
    application.full_clean()
    application.save()
    kept = [document.pk for document in checklist_build(application)]
    application.documents.exclude(pk__in=kept).filter(status=Document.Status.MISSING).delete()
    audit_record(actor=actor, verb="mobility.application_changed", target=application)
    application.next_deadline_on = next_deadline_store(application.pk)
    return application


def passport_warning(application: Application) -> str:
    """A warning when the passport is valid less than 18 months after the planned arrival
    (universities cite MVD order No. 735 of 2017 for the invitation)."""
    profile = getattr(application.applicant, "applicant_profile", None)
    if profile is None or not needs_visa(application.citizenship):
        return ""
    if profile.passport_expires < application.planned_arrival + timedelta(days=548):
        return _("The passport is valid less than 18 months after the planned arrival.")
    return ""


def _need(data: dict, *names: str) -> None:
    missing = {name: [_("This step needs this field.")] for name in names if not data.get(name)}
    if missing:
        raise ValidationError(missing)


def _saved(record, data: dict, *names: str):
    """A chain record with the given fields, validated before it is saved."""
    for name in names:
        if name in data:
            setattr(record, name, data[name])
    record.full_clean(exclude=["application"])
    record.save()
    return record


def _check_passport(application: Application, data: dict) -> None:
    profile = ApplicantProfile.objects.filter(user_id=application.applicant_id).first()
    if profile is None:
        raise ValidationError(_("Fill in your applicant profile first."))
    if not consent_in_force(user=application.applicant, purpose=Consent.Purpose.PERSONAL_DATA):
        raise ValidationError(
            {"consent": _("Consent to the processing of your personal data is needed.")}
        )
    if profile.passport_expires <= max(application.planned_arrival, timezone.localdate()):
        raise ValidationError(
            {"passport_expires": _("The passport expires before the planned arrival.")}
        )


def _check_documents(application: Application, data: dict) -> None:
    open_lines = application.documents.exclude(status=Document.Status.ACCEPTED)
    if open_lines.exists():
        names = ", ".join(str(line.get_kind_display()) for line in open_lines)
        raise ValidationError({"documents": _("Not accepted yet: %(names)s.") % {"names": names}})


def _decide(application: Application, data: dict) -> None:
    """The decision with its reason (one of the standard reasons, shown in the reader's
    language) and, for "other", a comment."""
    _need(data, "decision", "decision_reason")
    if data["decision"] not in Application.Decision.values:
        raise ValidationError({"decision": _("Choose accepted, waitlisted or rejected.")})
    if data["decision_reason"] not in Application.Reason.values:
        raise ValidationError({"decision_reason": _("Choose one of the reasons.")})
    if data["decision_reason"] == Application.Reason.OTHER:
        _need(data, "reasons")
    application.decision = data["decision"]
    application.decision_reason = data["decision_reason"]
    application.decision_reasons = data.get("reasons", "")
    application.decided_at = timezone.now()


def _invitation_requested(application: Application, data: dict) -> None:
    on = data.get("requested_on") or timezone.localdate()
    _saved(Invitation(application=application), {"requested_on": on}, "requested_on")


def _invitation_issued(application: Application, data: dict) -> None:
    _need(data, "number", "issued_on")
    _saved(application.invitation, data, "number", "issued_on")


def _visa_issued(application: Application, data: dict) -> None:
    _need(data, "valid_from", "valid_to", "entries")
    _saved(Visa(application=application), data, "valid_from", "valid_to", "entries")


def _arrived(application: Application, data: dict) -> None:
    _need(data, "border_date")
    visa = Visa.objects.filter(application=application).first()
    if needs_visa(application.citizenship) and visa is not None:
        if not visa.valid_from <= data["border_date"] <= visa.valid_to:
            raise ValidationError(
                {"border_date": _("The border was crossed outside the visa's validity.")}
            )
    _saved(Arrival(application=application), data, "border_date")


def _registered(application: Application, data: dict) -> None:
    names = ("address", "receiving_party", "registered_on", "valid_until")
    _need(data, *names)
    _saved(Registration(application=application), data, *names)


def _enrolled(application: Application, data: dict) -> None:
    _need(data, "order_number", "order_date")
    _saved(Enrolment(application=application), data, "order_number", "order_date")


def _reason_needed(application: Application, data: dict) -> None:
    _need(data, "reason")


PRECONDITIONS = {
    Stage.SUBMITTED: _check_passport,
    Stage.DOCUMENTS_COMPLETE: _check_documents,
    Stage.UNDER_REVIEW: _check_documents,
    Stage.DECIDED: _decide,
    Stage.INVITATION_REQUESTED: _invitation_requested,
    Stage.INVITATION_ISSUED: _invitation_issued,
    Stage.VISA_ISSUED: _visa_issued,
    Stage.ARRIVED: _arrived,
    Stage.REGISTERED: _registered,
    Stage.ENROLLED: _enrolled,
    Stage.CANCELLED: _reason_needed,
    REOPEN: _reason_needed,
}


@transaction.atomic
def application_move(
    *, application: Application, to: str, actor, data: dict | None = None
) -> Application:
    """Move the case to the stage `to` (or `reopen` it), checking that the actor may and its
    preconditions hold; `data` carries the move's record (decision, visa, arrival …)."""
    data = data or {}
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not may_act_on(user=actor, application=application):
        raise PermissionDenied
    allowed = allowed_moves(user=actor, application=application)
    if to not in allowed:
        raise MoveNotAllowed(allowed)
    held_before = holds_place(application)
    PRECONDITIONS.get(to, lambda application, data: None)(application, data)
    before, entered = application.stage, application.stage_since
    target = _reopened_stage(application) if to == REOPEN else to
    application.stage = target
    application.stage_since = timezone.now()
    if target in (Stage.WITHDRAWN, Stage.CANCELLED):
        application.left_stage = before
    application.save()
    StageChange.objects.create(
        application=application,
        from_stage=before,
        to_stage=target,
        at=application.stage_since,
        actor=actor,
        reason=data.get("reason", "") or data.get("reasons", ""),
        from_days=(days := max(0, (application.stage_since - entered).days)),
    )
    stage_days_add(application, stage=before, days=days)
    audit_record(
        actor=actor,
        verb="mobility.stage_changed",
        target=application,
        data={"from": before, "to": target},
    )
    nomination_follow(application, held_before=held_before, actor=actor)
    application.next_deadline_on = next_deadline_store(application.pk)
    return application


def _reopened_stage(application: Application) -> str:
    """The stage the case was in before it was withdrawn or cancelled."""
    last = application.history.filter(to_stage=application.stage).order_by("-at", "-pk").first()
    return last.from_stage if last and last.from_stage else Stage.DRAFT
