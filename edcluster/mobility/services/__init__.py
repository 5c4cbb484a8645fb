"""The mobility app's writes, by topic."""

from edcluster.mobility.services.applications import (
    MoveNotAllowed,
    application_create,
    application_move,
    checklist_build,
    consent_in_force,
    consents_set,
    passport_warning,
    profile_save,
)
from edcluster.mobility.services.documents import (
    MAX_BYTES,
    document_check,
    document_read,
    document_upload,
    file_type,
)
from edcluster.mobility.services.intakes import criterion_add, intake_create, score_set
from edcluster.mobility.services.reminders import deadlines_remind

__all__ = [
    "MAX_BYTES",
    "MoveNotAllowed",
    "application_create",
    "application_move",
    "checklist_build",
    "consent_in_force",
    "consents_set",
    "criterion_add",
    "deadlines_remind",
    "document_check",
    "document_read",
    "document_upload",
    "file_type",
    "intake_create",
    "passport_warning",
    "profile_save",
    "score_set",
]
