"""A checklist file as a download: an attachment, never cached, its type not sniffed."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from edcluster.mobility.models import Document


def file_response(document: Document, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=document.content_type)
    name = document.file_name or f"{document.kind}"
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
