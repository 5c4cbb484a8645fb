"""An order's documents: only a PDF (by its first bytes) of at most 2 MB, downloaded by who
reads the order, never by anyone else."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from edcluster.sales import services
from edcluster.sales.models import Document
from edcluster.sales.tests.factories import PDF, order_make, pdf_upload, product_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(organization):
    return order_make(product_make(organization), signed_on=date(2026, 3, 2))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"0" * 100,  # a picture named .pdf, claiming to be a PDF
        b"",
        PDF[:4],
        PDF + b"0" * services.MAX_DOCUMENT_BYTES,
    ],
)
def test_only_a_pdf_within_the_limit_is_attached(order, data):
    with pytest.raises(ValidationError) as error:
        services.document_add(order=order, actor=None, kind="contract", upload=pdf_upload(data))
    assert "file" in error.value.message_dict
    assert not Document.objects.exists()


def test_the_page_attaches_and_readers_download(order, member_editor_client, outsider_client):
    bad = member_editor_client.post(
        f"/en/sales/{order.pk}/documents/",
        {"kind": "invoice", "file": pdf_upload(b"MZ\x90\x00", "invoice.pdf")},
    )
    assert bad.status_code == 400
    assert "The file is not a PDF." in bad.content.decode()
    made = member_editor_client.post(
        f"/en/sales/{order.pk}/documents/",
        {"kind": "invoice", "file": pdf_upload(name="../../invoice 7.pdf")},
    )
    assert made.status_code == 302
    document = Document.objects.get()
    assert (document.kind, document.name, document.size) == ("invoice", "invoice 7.pdf", len(PDF))
    path = f"/en/sales/{order.pk}/documents/{document.pk}/"
    assert path in member_editor_client.get(f"/en/sales/{order.pk}/").content.decode()
    got = member_editor_client.get(path)
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    assert got.content == PDF
    assert outsider_client.get(path).status_code == 404
    member_editor_client.post(path + "remove/")
    assert not Document.objects.exists()


def test_the_api_lists_attaches_and_refuses_what_is_not_a_pdf(order, member_editor_client):
    path = f"/api/sales/orders/{order.pk}/documents"
    bad = member_editor_client.post(path, {"kind": "act", "file": pdf_upload(b"GIF89a")})
    assert bad.status_code == 400
    assert "file" in bad.json()["errors"]
    made = member_editor_client.post(path, {"kind": "act", "file": pdf_upload()})
    assert made.status_code == 201
    listed = member_editor_client.get(path).json()
    assert [(d["kind"], d["size"]) for d in listed] == [("act", len(PDF))]
    assert member_editor_client.get(f"{path}/{made.json()['id']}").content == PDF
