"""The mobility app's writes, by topic."""

from edcluster.mobility.services.applications import (
    MoveNotAllowed,
    application_create,
    application_draft_change,
    application_move,
    checklist_build,
    consent_in_force,
    consents_set,
    passport_warning,
    profile_save,
)
from edcluster.mobility.services.cases import (
    BulkResult,
    application_erase,
    applications_move_next,
    applications_purge,
    is_erasable,
    message_send,
    next_main_stage,
    own_data,
)
from edcluster.mobility.services.documents import (
    MAX_BYTES,
    document_check,
    document_read,
    document_upload,
    documents_encrypt,
    file_type,
    letter_issue,
)
from edcluster.mobility.services.intakes import (
    criterion_add,
    intake_create,
    reviewer_assign,
    reviewer_remove,
    score_set,
)
from edcluster.mobility.services.nominations import (
    academic_year_of,
    application_nominate,
    may_nominate,
    partner_nominate,
)
from edcluster.mobility.services.reminders import deadlines_remind
from edcluster.mobility.services.signup import SIGN_UP, SIGN_UP_MAILS, applicant_sign_up
from edcluster.mobility.services.stay import (
    accommodation_answer,
    accommodation_offer,
    beds_taken,
    buddy_assign,
)

__all__ = [
    "accommodation_answer",
    "accommodation_offer",
    "beds_taken",
    "buddy_assign",
    "MAX_BYTES",
    "BulkResult",
    "MoveNotAllowed",
    "SIGN_UP",
    "SIGN_UP_MAILS",
    "academic_year_of",
    "applicant_sign_up",
    "application_create",
    "application_draft_change",
    "application_erase",
    "application_move",
    "application_nominate",
    "applications_move_next",
    "applications_purge",
    "checklist_build",
    "consent_in_force",
    "consents_set",
    "criterion_add",
    "deadlines_remind",
    "document_check",
    "document_read",
    "document_upload",
    "documents_encrypt",
    "letter_issue",
    "file_type",
    "intake_create",
    "is_erasable",
    "may_nominate",
    "partner_nominate",
    "message_send",
    "next_main_stage",
    "own_data",
    "passport_warning",
    "profile_save",
    "reviewer_assign",
    "reviewer_remove",
    "score_set",
]
