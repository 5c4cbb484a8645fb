"""An order's documents: a PDF (checked by its first bytes, «%PDF-», not by its name or the
type the browser claims) of at most `MAX_DOCUMENT_BYTES`, attached and removed by who changes
the order."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.sales.models import Document, Order

# Under a page's body limit (core.middleware.PageBodyLimit, 2.5 MB) with the form around it.
MAX_DOCUMENT_BYTES = 2 * 2**20
PDF_MAGIC = b"%PDF-"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def pdf_bytes(upload: File | None, field: str = "file") -> bytes:
    """The bytes of the uploaded PDF (refused: none, too large, not a PDF)."""
    if upload is None:
        raise ValidationError({field: _("Choose a PDF file.")})
    too_large = _("The file is larger than 2 MB.")
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: too_large})
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: too_large})
    if not data.startswith(PDF_MAGIC):
        raise ValidationError({field: _("The file is not a PDF.")})
    return data


@transaction.atomic
def document_add(*, order: Order, actor, kind: str, upload: File | None) -> Document:
    """Attach a PDF to the order."""
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    data = pdf_bytes(upload)
    name = PurePath(getattr(upload, "name", "") or "document.pdf").name[:200] or "document.pdf"
    document = Document.objects.create(
        order=order, kind=kind, name=name, content=data, size=len(data), uploaded_by=_user(actor)
    )
    audit_record(
        actor=actor, verb="sales.document_added", target=order, data={"document": document.pk}
    )
    return document


@transaction.atomic
def document_remove(*, document: Document, actor) -> None:
    """Take a document off its order."""
    order, document_id = document.order, document.pk
    Document.objects.filter(pk=document_id).delete()
    audit_record(
        actor=actor, verb="sales.document_removed", target=order, data={"document": document_id}
    )
