"""The checklist's files: uploaded by the applicant (PDF, JPEG or PNG by their first bytes,
at most 10 MB, scanned by ClamAV when configured, stored encrypted), accepted or rejected
with a reason by the office; every read is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import edcluster.mobility.services.clamav as clamav
import edcluster.mobility.services.files_crypto as files_crypto
from edcluster.core.services import audit_record
from edcluster.mobility.models import Consent, Document, DocumentKind
from edcluster.mobility.selectors import is_closed, may_act_on, works_cases_of
from edcluster.mobility.services.applications import consent_in_force

MAX_BYTES = 10 * 2**20
HEALTH_KINDS = frozenset({DocumentKind.HIV})  # special category: 152-FZ art. 10
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def file_type(content: bytes) -> str:
    """The type its first bytes show (PDF, JPEG, PNG), or "" for anything else."""
    return next((kind for magic, kind in SIGNATURES.items() if content.startswith(magic)), "")


def _upload_checked(*, document: Document, actor, content: bytes) -> str:
    """The file's type once the checks on its plaintext pass (ValidationError naming `file`)."""
    application = document.application
    if not may_act_on(user=actor, application=application):
        raise PermissionDenied
    if is_closed(application) or document.status == Document.Status.ACCEPTED:
        raise ValidationError({"file": _("This document can no longer be changed.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if document.kind in HEALTH_KINDS and not consent_in_force(
        user=application.applicant, purpose=Consent.Purpose.HEALTH_DATA
    ):
        raise ValidationError(
            {"file": _("A health document needs the applicant's consent to health data.")}
        )
    kind = file_type(content)
    if not kind:
        raise ValidationError({"file": _("Upload a PDF, JPEG or PNG file.")})
    return kind


SCANNED = {
    clamav.CLEAN: Document.Scan.CLEAN,
    clamav.NOT_SCANNED: Document.Scan.NOT_SCANNED,
    clamav.FAILED: Document.Scan.FAILED,
}


def document_upload(*, document: Document, actor, file_name: str, content: bytes) -> Document:
    """Store a file against a checklist line that is not accepted yet: its type and size are
    checked and ClamAV scans it (when configured) on the plaintext, then it is stored encrypted.
    An infected file is refused; a scanner that does not answer leaves it marked "scan failed"."""
    kind = _upload_checked(document=document, actor=actor, content=content)
    result = clamav.scan(content)  # outside the transaction: the scanner may take a while
    if result.outcome == clamav.INFECTED:
        audit_record(
            actor=actor,
            verb="mobility.document_refused",
            target=document.application,
            data={"document": document.kind, "signature": result.signature},
        )
        raise ValidationError(
            {
                "file": _("The virus scanner found %(name)s in the file.")
                % {"name": result.signature}
            }
        )
    with transaction.atomic():
        document.file_name = file_name[-200:]
        document.content_type = kind
        document.size = len(content)
        document.content = files_crypto.encrypt(content)
        document.scan = SCANNED[result.outcome]
        document.status = Document.Status.UPLOADED
        document.uploaded_at = timezone.now()
        document.reason = ""
        document.checked_by, document.checked_at = None, None
        document.save()
        audit_record(
            actor=actor,
            verb="mobility.document_uploaded",
            target=document.application,
            data={"document": document.kind, "size": document.size, "scan": document.scan},
        )
    return document


@transaction.atomic
def document_check(*, document: Document, actor, accept: bool, reason: str = "") -> Document:
    """The office accepts an uploaded file or rejects it, saying why."""
    if not works_cases_of(user=actor, application=document.application):
        raise PermissionDenied
    if document.status != Document.Status.UPLOADED:
        raise ValidationError(
            {"document": _("Only an uploaded file waiting for a check can be checked.")}
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why the document is rejected.")})
    document.status = Document.Status.ACCEPTED if accept else Document.Status.REJECTED
    document.reason = "" if accept else reason.strip()
    document.checked_by, document.checked_at = actor, timezone.now()
    document.save(update_fields=["status", "reason", "checked_by", "checked_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="mobility.document_checked",
        target=document.application,
        data={"document": document.kind, "status": document.status},
    )
    return document


@transaction.atomic
def document_read(*, document: Document, actor) -> bytes:
    """The file's bytes, the reading audited."""
    content = Document.objects.values_list("content", flat=True).get(pk=document.pk)
    if not content:
        raise ValidationError({"file": _("No file has been uploaded.")})
    audit_record(
        actor=actor,
        verb="mobility.document_viewed",
        target=document.application,
        data={"document": document.kind},
    )
    return files_crypto.decrypt(bytes(content))


def documents_encrypt(*, actor=None) -> dict[str, int]:
    """Every stored file under the first key of MOBILITY_FILES_KEY: plaintext ones (stored
    before encryption) encrypted, older keys' ones rotated; safe to run twice."""
    counts = {"encrypted": 0, "rotated": 0}
    ids = Document.objects.exclude(content=None).values_list("pk", flat=True).order_by("pk")
    for pk in ids.iterator(chunk_size=500):
        with transaction.atomic():
            stored = (
                Document.objects.select_for_update()
                .values_list("content", flat=True)
                .filter(pk=pk)
                .first()
            )
            if not stored:
                continue
            stored = bytes(stored)
            counts["rotated" if files_crypto.is_encrypted(stored) else "encrypted"] += 1
            Document.objects.filter(pk=pk).update(content=files_crypto.reencrypt(stored))
    audit_record(actor=actor, verb="mobility.files_encrypted", target=None, data=counts)
    return counts


def letter_issue(*, application, actor, kind: str, language: str) -> None:
    """Record that a letter of the case was printed (it carries personal data: audited)."""
    audit_record(
        actor=actor,
        verb="mobility.letter_printed",
        target=application,
        data={"letter": kind, "language": language},
    )
