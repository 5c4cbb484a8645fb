"""An order's documents: listed and downloaded by who reads the order, attached (a PDF of at
most 2 MB) and removed by who changes it."""

from datetime import datetime

from ninja import File, Form, Router, Schema, Status, UploadedFile

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import body_limit, errors
from edcluster.sales import selectors, services
from edcluster.sales.api.orders import WRITE_ERRORS
from edcluster.sales.models import Document

router = Router()


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    uploaded_at: datetime


@router.get(
    "/orders/{order_id}/documents", response={200: list[DocumentOut], **errors(401, 404, 422)}
)
def list_documents(request: AuthenticatedHttpRequest, order_id: int):
    """The order's documents (their files at …/documents/{id})."""
    order = selectors.access_order(user=request.user, order_id=order_id)
    return order.documents.defer("content").order_by("uploaded_at", "pk")


@router.post(
    "/orders/{order_id}/documents", response={201: DocumentOut, **WRITE_ERRORS, **errors(413)}
)
@body_limit(services.MAX_DOCUMENT_BYTES + 64 * 1024)
def add_document(
    request: AuthenticatedHttpRequest,
    order_id: int,
    file: File[UploadedFile],
    kind: Form[Document.Kind],
):
    """Attach a PDF (its first bytes say «%PDF-»; at most 2 MB) as the contract, an act or an
    invoice."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    document = services.document_add(order=order, actor=request.user, kind=str(kind), upload=file)
    return Status(201, document)


@router.get(
    "/orders/{order_id}/documents/{document_id}",
    response={200: bytes, **errors(401, 404, 422)},
)
def get_document(request: AuthenticatedHttpRequest, order_id: int, document_id: int):
    """The document's PDF (application/pdf, as a download)."""
    document = selectors.access_document(
        user=request.user, order_id=order_id, document_id=document_id
    )
    return selectors.document_response(document)


@router.delete("/orders/{order_id}/documents/{document_id}", response={204: None, **WRITE_ERRORS})
def remove_document(request: AuthenticatedHttpRequest, order_id: int, document_id: int):
    """Take a document off the order."""
    document = selectors.access_document(
        user=request.user, order_id=order_id, document_id=document_id, for_write=True
    )
    services.document_remove(document=document, actor=request.user)
    return Status(204, None)
