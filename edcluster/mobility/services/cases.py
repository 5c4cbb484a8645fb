"""The office's and the applicant's work on cases besides single moves: messages on a case,
bulk moves checked case by case, the applicant's own data as JSON, deletion on request and
the retention purge (files deleted 12 months after a case closes, a withdrawn or rejected
case erased after a longer period; both settings)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.mobility.models import (
    ApplicantProfile,
    Application,
    Consent,
    Document,
    Message,
    Stage,
)
from edcluster.mobility.pipeline import path_of
from edcluster.mobility.selectors import may_act_on, works_cases_of
from edcluster.mobility.services.applications import MoveNotAllowed, application_move
from edcluster.mobility.services.dashboard import stage_days_forget

MESSAGE_MAX = 5000


@transaction.atomic
def message_send(*, application: Application, author, body: str) -> Message:
    """A message on the case, from the applicant or the host's office."""
    if not may_act_on(user=author, application=application):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    if len(body) > MESSAGE_MAX:
        raise ValidationError({"body": _("At most %d characters.") % MESSAGE_MAX})
    message = Message.objects.create(
        application=application,
        author=author,
        from_office=application.applicant_id != author.pk,
        body=body,
        sent_at=timezone.now(),
    )
    audit_record(actor=author, verb="mobility.message_sent", target=application)
    return message


def next_main_stage(application: Application) -> str | None:
    """The next stage on the case's main path (None at its end or off it)."""
    if application.stage == Stage.DECIDED and application.decision != "accepted":
        return None
    path = path_of(str(application.citizenship))
    if application.stage not in path:
        return None
    index = path.index(application.stage)
    return path[index + 1] if index + 1 < len(path) else None


@dataclass(frozen=True)
class BulkResult:
    moved: list[Application]
    refused: list[tuple[int, str]]  # (case id, why)


def _refusal(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(message) for message in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


def applications_move_next(*, applications: list[Application], actor) -> BulkResult:
    """Each case to the next stage of its path where its preconditions hold (a move that
    records something, such as a decision or a visa, is made one case at a time); each
    refused case with its reason. Each move is its own transaction."""
    moved, refused = [], []
    for application in applications:
        target = next_main_stage(application)
        if target is None or target in BULK_NEEDS_RECORD:
            refused.append((application.pk, _("This step is made on the case's page.")))
            continue
        if not works_cases_of(user=actor, application=application):
            refused.append((application.pk, _("You do not work this case.")))
            continue
        try:
            moved.append(application_move(application=application, to=target, actor=actor))
        except MoveNotAllowed:
            refused.append((application.pk, _("This move is not allowed now.")))
        except ValidationError as error:
            refused.append((application.pk, _refusal(error)))
    return BulkResult(moved, refused)


# Moves whose record (decision, invitation, visa, arrival …) a bulk move cannot supply.
BULK_NEEDS_RECORD = frozenset(
    {
        Stage.SUBMITTED,
        Stage.CONFIRMED,
        Stage.DECIDED,
        Stage.INVITATION_ISSUED,
        Stage.VISA_ISSUED,
        Stage.ARRIVED,
        Stage.REGISTERED,
        Stage.ENROLLED,
    }
)


def _dated(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def own_data(*, user) -> dict[str, Any]:
    """Everything the app keeps about the user as an applicant, for their download (files
    are listed, not included; they download each from the case)."""
    profile = dict(ApplicantProfile.objects.filter(user=user).values().first() or {})
    consents = Consent.objects.filter(user=user).values(
        "purpose", "text_version", "given_at", "withdrawn_at"
    )
    cases = []
    for application in Application.objects.filter(applicant=user).select_related(
        "intake__offering__product", "host"
    ):
        cases.append(
            {
                "id": application.pk,
                "programme": application.intake.offering.product.title,
                "host": str(application.host),
                "category": application.category,
                "citizenship": str(application.citizenship),
                "planned_arrival": application.planned_arrival,
                "planned_departure": application.planned_departure,
                "stage": application.stage,
                "decision": application.decision,
                "decision_reason": application.decision_reason,
                "decision_comment": application.decision_reasons,
                "history": list(
                    application.history.values("from_stage", "to_stage", "at", "reason")
                ),
                "documents": list(
                    application.documents.values("kind", "status", "file_name", "uploaded_at")
                ),
                "messages": list(application.messages.values("from_office", "body", "sent_at")),
            }
        )
    data = {
        "exported_at": timezone.now(),
        "email": user.email,
        "profile": {key: value for key, value in profile.items() if key not in ("id", "user_id")},
        "consents": list(consents),
        "applications": cases,
    }
    audit_record(actor=user, verb="mobility.data_exported", target=user)
    return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(_dated(value))


def is_erasable(application: Application) -> bool:
    """A case that ended before the applicant came (withdrawn, cancelled or rejected): no
    legal duty keeps it (a case with a visa or an arrival is kept for the migration records)."""
    ended = application.stage in (Stage.WITHDRAWN, Stage.CANCELLED) or (
        application.decision == Application.Decision.REJECTED and application.stage == Stage.DECIDED
    )
    if not ended:
        return False
    return not any(hasattr(application, name) for name in ("visa", "arrival", "registration"))


@transaction.atomic
def application_erase(*, application: Application, actor, reason: str) -> None:
    """Delete a case on its applicant's request (or an operator's, with the reason); a case
    a legal duty keeps is refused naming why."""
    if not (actor.pk == application.applicant_id or actor.is_operator):
        raise PermissionDenied
    if not is_erasable(application):
        raise ValidationError(
            {
                "application": _(
                    "Only a withdrawn, cancelled or rejected case with no visa or arrival "
                    "recorded can be deleted; the migration records must be kept."
                )
            }
        )
    audit_record(
        actor=actor,
        verb="mobility.case_erased",
        target=application.applicant,
        data={"case": application.pk, "reason": reason.strip()[:500] or "request"},
    )
    stage_days_forget(application)
    application.delete()


def _days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@transaction.atomic
def applications_purge(*, today: date | None = None) -> dict[str, int]:
    """Files of cases closed more than MOBILITY_FILES_RETENTION_DAYS (365) ago deleted; withdrawn,
    cancelled or rejected cases closed more than MOBILITY_CASE_RETENTION_DAYS (1095) ago
    erased. Safe to run twice."""
    today = today or timezone.localdate()
    closed = Application.objects.filter(
        stage__in=(Stage.WITHDRAWN, Stage.CANCELLED, Stage.COMPLETED)
    ) | Application.objects.filter(stage=Stage.DECIDED, decision=Application.Decision.REJECTED)
    files_before = today - timedelta(days=_days("MOBILITY_FILES_RETENTION_DAYS", 365))
    stale = closed.filter(stage_since__date__lt=files_before, files_purged_at__isnull=True)
    ids = list(stale.values_list("pk", flat=True))
    files = Document.objects.filter(application_id__in=ids).exclude(content=None)
    files_deleted = files.update(content=None, size=0)
    Application.objects.filter(pk__in=ids).update(files_purged_at=timezone.now())
    cases_before = today - timedelta(days=_days("MOBILITY_CASE_RETENTION_DAYS", 1095))
    erased = 0
    for application in closed.filter(stage_since__date__lt=cases_before):
        if application.stage != Stage.COMPLETED and is_erasable(application):
            audit_record(
                actor=None,
                verb="mobility.case_erased",
                target=application.applicant,
                data={"case": application.pk, "reason": "retention"},
            )
            stage_days_forget(application)
            application.delete()
            erased += 1
    return {"files": files_deleted, "cases": len(ids), "erased": erased}
