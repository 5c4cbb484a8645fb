"""The import's limits and recovery (issue 16: items 3, 10, 16, 18, 22): bounded files, rows,
rejected rows and uploads; files kept for a set time; deep JSON and misdeclared encodings
refused with the reason; killed runs found, resumed and caught up."""

import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from edcluster.catalog.formats.spreadsheet import write_xlsx
from edcluster.catalog.formats.table import NAMES
from edcluster.catalog.imports import checking, import_run, import_start, lifecycle
from edcluster.catalog.models import ImportRun, Product, SearchPosting
from edcluster.catalog.tests.test_imports import GOOD, csv_bytes, many
from edcluster.core.runs import RunStatus, runs_interrupt_stale


@pytest.fixture(autouse=True)
def in_english(organization, other_organization):
    with translation.override("en"):
        yield


def run(data, actor, *, file_name="catalog.csv", dry_run=False, **options) -> ImportRun:
    started = import_start(
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
        enqueue=False,
        source_system="lms",
        **options,
    )
    return import_run(run=started)


def xlsx_bytes(rows: list[dict]) -> bytes:
    out = io.BytesIO()
    write_xlsx(({name: row.get(name, "") for name in NAMES} for row in rows), out)
    return out.getvalue()


# Item 3: a small file must not exhaust the import.


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_parsing(operator, settings):
    data = xlsx_bytes(many(50))
    settings.CATALOG_IMPORT_MAX_UNPACKED_BYTES = 2**16
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(m.file_size for m in archive.infolist()) > 2**16 > len(data)
    result = run(data, operator, file_name="c.xlsx")
    assert (result.status, Product.objects.count()) == ("failed", 0)
    assert "unpacks to more than" in result.message


@pytest.mark.parametrize("file_name", ["c.csv", "c.xlsx"])
def test_a_file_past_the_row_limit_fails_before_any_row_is_written(operator, settings, file_name):
    settings.CATALOG_IMPORT_MAX_ROWS = 4
    data = csv_bytes(many(5)) if file_name.endswith("csv") else xlsx_bytes(many(5))
    result = run(data, operator, file_name=file_name)
    assert (result.status, Product.objects.count()) == ("failed", 0)
    assert "more than 4 rows" in result.message
    settings.CATALOG_IMPORT_MAX_ROWS = 5
    assert run(data, operator, file_name=file_name).created == 5


def test_the_first_rejected_rows_are_kept_and_all_are_counted(
    operator, monkeypatch, client, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(checking, "ERRORS_KEPT", 7)
    monkeypatch.setattr(lifecycle, "CHUNK", 4)
    bad = [GOOD | {"external_id": f"b-{n}", "kind": "course"} for n in range(20)]
    result = run(csv_bytes([GOOD, *bad]), operator)
    assert (result.created, result.rejected, result.total) == (1, 20, 21)
    lines = list(range(4, 17, 2))  # each row takes two lines (outcomes)
    assert [error["line"] for error in result.errors] == lines
    client.force_login(operator)
    answer = client.get(f"/api/catalog/imports/{result.pk}").json()
    assert (answer["rejected"], answer["errors_listed"]) == (20, 7)
    assert "errors" not in answer  # the run's answer stays small; its rows are paged
    page = client.get(f"/api/catalog/imports/{result.pk}/errors?page=2&page_size=5").json()
    assert (page["count"], [e["line"] for e in page["items"]]) == (7, lines[5:])


def test_the_run_page_pages_its_rejected_rows(operator, client, monkeypatch):
    monkeypatch.setattr("edcluster.catalog.views_exchange.ERRORS_PER_PAGE", 3)
    bad = [GOOD | {"external_id": f"b-{n}", "kind": "course"} for n in range(5)]
    result = run(csv_bytes(bad), operator)
    client.force_login(operator)
    first = client.get(f"/en/catalog/import/{result.pk}/").content.decode()
    second = client.get(f"/en/catalog/import/{result.pk}/?page=2").content.decode()
    assert first.count("Unknown value") == 3
    assert "page 1 of 2" in first
    assert second.count("Unknown value") == 2


# Item 10: uploads streamed within the limit; files kept for a set number of days.


@pytest.fixture
def received(monkeypatch) -> list[int]:
    """The bytes the temporary-file handler was given, chunk by chunk."""
    sizes: list[int] = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        sizes.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    return sizes


def test_a_page_upload_past_the_limit_is_dropped_as_it_arrives(
    client, member_editor, organization, settings, received
):
    settings.CATALOG_IMPORT_MAX_BYTES = 2**20
    client.force_login(member_editor)
    big = SimpleUploadedFile("c.csv", b"x" * (3 * 2**20))
    response = client.post(
        "/en/catalog/import/", {"file": big, "owner": "acme", "encoding": "utf-8"}
    )
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()
    assert "This field is required" not in response.content.decode()
    assert sum(received) <= settings.CATALOG_IMPORT_MAX_BYTES  # never held past the limit
    assert ImportRun.objects.count() == 0


def test_the_upload_limit_holds_with_csrf_checks_on(member_editor, organization, settings):
    """Django's CSRF check reads the form: the page sets its upload handlers before it, and
    still refuses a post without the token."""
    settings.CATALOG_IMPORT_MAX_BYTES = 2**20
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member_editor)
    browser.get("/en/catalog/import/")
    form = {"owner": "acme", "encoding": "utf-8"}
    big = SimpleUploadedFile("c.csv", b"x" * (3 * 2**20))
    assert browser.post("/en/catalog/import/", {**form, "file": big}).status_code == 403
    token = browser.cookies["csrftoken"].value
    big.seek(0)
    response = browser.post(
        "/en/catalog/import/", {**form, "file": big, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()


def test_an_api_upload_past_the_limit_answers_400_on_file(
    client, member_editor, organization, settings, received
):
    settings.CATALOG_IMPORT_MAX_BYTES = 100 * 1024
    client.force_login(member_editor)
    big = SimpleUploadedFile("c.csv", b"x" * (3 * 2**20))
    response = client.post("/api/catalog/imports", {"file": big, "owner": "acme"})
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert sum(received) <= settings.CATALOG_IMPORT_MAX_BYTES
    small = SimpleUploadedFile("c.csv", csv_bytes([GOOD]))
    assert client.post("/api/catalog/imports", {"file": small, "owner": "acme"}).status_code == 202


def test_the_service_reads_no_more_of_a_file_than_the_limit(operator, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 10

    class Endless(io.BytesIO):
        asked: list[int] = []

        def read(self, size=-1):
            self.asked.append(size)
            return b"x" * (size if size >= 0 else 10**9)

    with pytest.raises(Exception, match="larger"):
        import_start(actor=operator, data=Endless(), file_name="c.csv", enqueue=False)
    assert Endless.asked == [11]


def test_old_files_are_removed_and_their_runs_stay(operator, settings, client):
    settings.CATALOG_IMPORT_KEEP_DAYS = 30
    old = run(csv_bytes([GOOD]), operator, dry_run=True)
    fresh = run(csv_bytes([GOOD]), operator, dry_run=True)
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("catalog_import_purge", stdout=io.StringIO())
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (bytes(old.data), old.file_removed_at is not None, old.created) == (b"", True, 1)
    assert bytes(fresh.data)
    assert fresh.file_removed_at is None
    client.force_login(operator)
    page = client.get(f"/en/catalog/import/{old.pk}/").content.decode()
    assert "The uploaded file was removed" in page
    assert "Import these rows" not in page
    with pytest.raises(Exception, match="removed"):
        lifecycle.import_confirm(preview=old, actor=operator, enqueue=False)


# Item 16: a deeply nested JSON fails its run with the reason.


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "deep.json"),  # past the parser's own recursion
        (b'{"CFDocument": ' + b"[" * 20 + b"{}" + b"]" * 20 + b"}", "c.json"),  # past ours
        (b'{"@context": ' + b"[" * 5000 + b"]" * 5000 + b"}", "deep.jsonld"),
    ],
)
def test_a_deeply_nested_json_fails_with_the_reason(operator, data, file_name, monkeypatch):
    if file_name == "c.json":
        monkeypatch.setattr("edcluster.catalog.formats.spreadsheet.JSON_DEPTH", 10)
    result = run(data, operator, file_name=file_name)
    assert (result.status, Product.objects.count()) == ("failed", 0)
    assert "nested deeper than" in result.message


def test_an_unexpected_error_fails_the_run_instead_of_leaving_it_running(operator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the checker broke")

    monkeypatch.setattr(lifecycle, "check_chunk", broken)
    started = import_start(actor=operator, data=csv_bytes([GOOD]), file_name="c.csv")
    with pytest.raises(RuntimeError):
        import_run(run=started)
    started.refresh_from_db()
    assert started.status == "failed"
    assert "RuntimeError: the checker broke" in started.message


# Item 18: a UTF-8 file declared Windows-1251 is not imported garbled.


def test_a_utf8_file_declared_windows_1251_is_refused_and_offered_as_utf8(
    operator, client, django_capture_on_commit_callbacks
):
    result = run(csv_bytes([GOOD]), operator, encoding="cp1251", dry_run=True)
    assert (result.status, result.encoding_guess, Product.objects.count()) == ("failed", "utf-8", 0)
    assert "looks like UTF-8" in result.message
    client.force_login(operator)
    page = client.get(f"/en/catalog/import/{result.pk}/").content.decode()
    assert "Check it as UTF-8" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/catalog/import/{result.pk}/retry/")
    again = ImportRun.objects.latest("pk")
    assert response.url == f"/en/catalog/import/{again.pk}/"
    assert (again.encoding, again.dry_run, again.status, again.created) == (
        "utf-8",
        True,
        "done",
        1,
    )
    assert Product.objects.count() == 0  # still a preview


def test_real_windows_1251_still_imports(operator):
    data = csv_bytes([GOOD]).decode().encode("cp1251")
    assert run(data, operator, encoding="cp1251").created == 1


# Item 22: a killed run is found, resumed and caught up.


class Killed(BaseException):
    """Stands for kill -9: nothing in the process gets to mark the run."""


def killed_after_first_chunk(operator, monkeypatch, rows) -> ImportRun:
    monkeypatch.setattr(lifecycle, "CHUNK", 3)
    calls = []

    def kill(run):
        calls.append(run.processed)
        if len(calls) == 1:
            raise Killed

    started = import_start(
        actor=operator, data=csv_bytes(rows), file_name="c.csv", dry_run=False, enqueue=False
    )
    with pytest.raises(Killed):
        import_run(run=started, progress=kill)
    started.refresh_from_db()
    return started


def test_a_killed_run_is_found_by_its_dead_worker_or_silent_heartbeat(
    operator, monkeypatch, settings
):
    rows = [*many(5), GOOD | {"external_id": "m-1", "title_en": "Twice"}]
    killed = killed_after_first_chunk(operator, monkeypatch, rows)
    assert (killed.status, killed.processed) == ("running", 3)
    assert killed.worker.endswith(f":{os.getpid()}")  # this process: alive, so not found
    assert runs_interrupt_stale(ImportRun) == 0
    here = killed.worker.rpartition(":")[0]  # this machine and pid namespace
    ImportRun.objects.filter(pk=killed.pk).update(worker=f"{here}:999999999")
    assert runs_interrupt_stale(ImportRun) == 1  # its process is gone
    ImportRun.objects.filter(pk=killed.pk).update(status="running", worker="elsewhere:1")
    assert runs_interrupt_stale(ImportRun) == 0  # another machine's, still beating
    settings.RUN_STALE_MINUTES = 10
    ImportRun.objects.filter(pk=killed.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    call_command("runs_sweep", stdout=io.StringIO())
    killed.refresh_from_db()
    assert killed.status == RunStatus.INTERRUPTED
    assert "stopped without finishing" in killed.message


def test_an_interrupted_run_resumes_from_its_last_committed_chunk(operator, monkeypatch):
    rows = [*many(5), GOOD | {"external_id": "m-1", "title_en": "Twice"}]
    killed = killed_after_first_chunk(operator, monkeypatch, rows)
    assert Product.objects.count() == 3
    ImportRun.objects.filter(pk=killed.pk).update(worker="gone:1", status="interrupted")
    out = io.StringIO()
    call_command("catalog_import", "--resume", str(killed.pk), stdout=out)
    killed.refresh_from_db()
    assert (killed.status, killed.total, killed.created, killed.rejected) == ("done", 6, 5, 1)
    assert Product.objects.count() == 5
    # the repeat of a key from a committed chunk is still refused, naming its first row
    assert killed.errors == [
        {"line": 12, "field": "external_id", "reason": "The same key as row 4."}
    ]
    assert "5 created" in out.getvalue()


def test_the_run_page_resumes_an_interrupted_run_for_its_owner(
    operator, member_editor, organization, monkeypatch, client, django_capture_on_commit_callbacks
):
    killed = killed_after_first_chunk(operator, monkeypatch, many(5))
    ImportRun.objects.filter(pk=killed.pk).update(worker="gone:1", status="interrupted")
    client.force_login(operator)
    page = client.get(f"/en/catalog/import/{killed.pk}/").content.decode()
    assert "Resume the import" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/catalog/import/{killed.pk}/resume/")
    killed.refresh_from_db()
    assert (killed.status, killed.created, Product.objects.count()) == ("done", 5, 5)


def test_catch_up_queues_the_products_missing_from_the_search_index(
    operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(csv_bytes(many(3)), operator)
    lost = Product.objects.order_by("pk").first()
    SearchPosting.objects.filter(product=lost).delete()  # its indexing task never ran
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("catalog_reindex", "--missing", stdout=out)
    assert "1 products missing from the index queued" in out.getvalue()
    assert SearchPosting.objects.filter(product=lost).exists()
