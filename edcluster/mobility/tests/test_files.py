"""Files at rest and at the door: stored encrypted (the bytes kept are not the plaintext, the
download gives the original back), older plaintext files still served and encrypted by the
command, keys rotated, the key required in production; ClamAV (a fake clamd speaking INSTREAM
in a thread) refuses an infected upload, a silent scanner leaves the file marked."""

import socket
import socketserver
import struct
import threading
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from edcluster.core.models import AuditEntry
from edcluster.mobility.checks import files_key_check
from edcluster.mobility.demo import PDF
from edcluster.mobility.models import Document
from edcluster.mobility.services import clamav, documents_encrypt, files_crypto
from edcluster.mobility.tests.factories import applicant_make, application_make, intake_make, upload

pytestmark = pytest.mark.django_db
BASE = "/api/mobility"
EICAR = b"%PDF-1.4 X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture
def passport(organization):
    application = application_make(applicant_make(), intake_make(organization))
    return application.documents.get(kind="passport")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored(document) -> bytes:
    content = Document.objects.values_list("content", flat=True).get(pk=document.pk)
    assert content is not None
    return bytes(content)


def file_url(document) -> str:
    return f"{BASE}/applications/{document.application_id}/documents/{document.pk}/file"


def test_stored_bytes_are_not_the_plaintext_and_the_download_is(passport):
    content = PDF + b" passport of LI WEI E12345678"
    upload(passport, passport.application.applicant, content)
    kept = stored(passport)
    assert kept != content
    assert b"LI WEI" not in kept
    assert not kept.startswith(b"%PDF")
    response = client_of(passport.application.applicant).get(file_url(passport))
    assert response.status_code == 200
    assert response.content == content


def test_a_plaintext_file_of_before_is_served_then_encrypted_once(passport):
    upload(passport, passport.application.applicant)
    Document.objects.filter(pk=passport.pk).update(content=PDF)  # as stored before encryption
    owner = client_of(passport.application.applicant)
    assert owner.get(file_url(passport)).content == PDF
    call_command("mobility_encrypt_files", stdout=StringIO())
    assert files_crypto.is_encrypted(stored(passport))
    assert owner.get(file_url(passport)).content == PDF
    counts = documents_encrypt()
    assert counts == {"encrypted": 0, "rotated": 1}
    assert owner.get(file_url(passport)).content == PDF


def test_keys_rotate(passport, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MOBILITY_FILES_KEYS = [old]
    upload(passport, passport.application.applicant)
    settings.MOBILITY_FILES_KEYS = [new, old]
    assert files_crypto.decrypt(stored(passport)) == PDF
    documents_encrypt()
    settings.MOBILITY_FILES_KEYS = [new]
    assert files_crypto.decrypt(stored(passport)) == PDF
    assert Fernet(new.encode()).decrypt(stored(passport)[len(files_crypto.HEADER) :]) == PDF


def test_production_needs_the_key(settings):
    settings.MOBILITY_FILES_KEYS, settings.MOBILITY_FILES_KEY_FROM_SECRET = [], False
    assert [error.id for error in files_key_check()] == ["mobility.E001"]
    settings.MOBILITY_FILES_KEYS = ["not a key"]
    assert [error.id for error in files_key_check()] == ["mobility.E002"]
    settings.MOBILITY_FILES_KEYS = [Fernet.generate_key().decode()]
    assert files_key_check() == []
    settings.MOBILITY_FILES_KEYS, settings.MOBILITY_FILES_KEY_FROM_SECRET = [], True
    assert files_key_check() == []  # development and tests: derived from SECRET_KEY


class FakeClamd(socketserver.BaseRequestHandler):
    """clamd's INSTREAM: `zINSTREAM\\0`, chunks each after its 4-byte length, a zero length."""

    received: list[bytes] = []

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        body = b""
        while True:
            (length,) = struct.unpack("!L", self._read(4))
            if length == 0:
                break
            body += self._read(length)
        FakeClamd.received.append(body)
        found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in body
        self.request.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = self.request.recv(size - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMAV_ADDRESS = f"127.0.0.1:{server.server_address[1]}"
    FakeClamd.received = []
    yield server
    server.shutdown()
    server.server_close()


def test_a_clean_file_is_scanned_in_chunks_and_marked(passport, clamd):
    content = PDF + b"x" * (3 * clamav.CHUNK + 5)
    document = upload(passport, passport.application.applicant, content)
    assert FakeClamd.received == [content]  # the plaintext, before encryption
    assert Document.objects.get(pk=document.pk).scan == "clean"


def test_an_infected_upload_is_a_400_naming_the_file_and_nothing_is_stored(passport, clamd):
    applicant = passport.application.applicant
    url = f"{BASE}/applications/{passport.application_id}/documents/{passport.pk}"
    infected = SimpleUploadedFile("passport.pdf", EICAR, content_type="application/pdf")
    response = client_of(applicant).post(url, {"file": infected})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    assert "Eicar-Signature" in response.json()["errors"]["file"][0]
    document = Document.objects.get(pk=passport.pk)
    assert (document.status, document.content, document.size) == ("missing", None, 0)
    assert AuditEntry.objects.filter(verb="mobility.document_refused").exists()


def test_a_scanner_that_does_not_answer_leaves_the_file_marked_scan_failed(passport, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.CLAMAV_ADDRESS = f"127.0.0.1:{port}"  # nobody listens
    document = upload(passport, passport.application.applicant)
    assert (document.status, document.scan) == ("uploaded", "failed")


def test_no_scanner_configured_is_not_scanned_and_shown_to_the_office(
    passport, settings, member_editor
):
    settings.CLAMAV_ADDRESS = ""
    document = upload(passport, passport.application.applicant)
    assert document.scan == "not_scanned"
    page = client_of(member_editor).get(f"/en/mobility/applications/{document.application_id}/")
    assert "virus scan: not scanned" in page.content.decode()


def test_a_unix_socket_clamd(passport, settings, tmp_path: Path):
    path = str(tmp_path / "clamd.sock")
    server = socketserver.ThreadingUnixStreamServer(path, FakeClamd)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.CLAMAV_ADDRESS = path
        assert clamav.scan(EICAR) == clamav.ScanResult(clamav.INFECTED, "Eicar-Signature")
        assert clamav.scan(PDF).outcome == clamav.CLEAN
    finally:
        server.shutdown()
        server.server_close()


def test_replies_other_than_ok_or_found_are_failures():
    assert clamav.parse_reply(b"INSTREAM size limit exceeded. ERROR").outcome == clamav.FAILED


def test_the_page_shows_the_form_again_naming_the_virus(passport, clamd):
    applicant = passport.application.applicant
    url = f"/en/mobility/applications/{passport.application_id}/documents/{passport.pk}/upload/"
    infected = SimpleUploadedFile("passport.pdf", EICAR, content_type="application/pdf")
    page = client_of(applicant).post(url, {"file": infected})
    assert page.status_code == 400
    assert "The virus scanner found Eicar-Signature in the file." in page.content.decode()
    assert Document.objects.get(pk=passport.pk).content is None
