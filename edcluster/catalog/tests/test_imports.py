import csv
import io
import sys
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.utils import translation

from edcluster.catalog.formats.table import NAMES
from edcluster.catalog.imports import import_confirm, import_run, import_start
from edcluster.catalog.models import ImportRun, Product, SearchPosting, StageChange
from edcluster.core.models import AuditEntry


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or NAMES, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


GOOD = {
    "external_id": "c-1",
    "kind": "mooc",
    "title_ru": "Машинное обучение",
    "title_en": "Machine learning",
    "owners": "acme",
    "languages": "ru;en",
    "price": "1500.50",
    "currency": "RUB",
    "outcomes": "Обучает модели\nEvaluates models",
    "stage": "pilot",
}


def run(data: bytes, actor, *, dry_run=False, file_name="catalog.csv", **options) -> ImportRun:
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


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def members(organization, other_organization):
    return organization, other_organization


@pytest.fixture
def rows():
    return [
        GOOD,
        GOOD | {"external_id": "c-2", "kind": "course"},  # unknown kind
        GOOD | {"external_id": "c-3", "title_en": '=HYPERLINK("http://x")'},
        GOOD | {"external_id": "c-4", "owners": "nobody"},
        GOOD | {"external_id": "c-5", "title_ru": "", "title_en": ""},
        GOOD | {"external_id": "c-1", "title_en": "Twice"},  # the same key again
        GOOD
        | {
            "external_id": "c-7",
            "title_ru": "Анализ данных",
            "price": "",
            "currency": "",
            "is_free": "yes",
            "owners": "acme;globex",
        },
    ]


def test_good_rows_import_and_every_bad_row_is_reported(
    rows, operator, organization, other_organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows the commit
        result = run(csv_bytes(rows), operator)
    assert result.status == "done"
    assert (result.total, result.created, result.updated, result.unchanged, result.rejected) == (
        7,
        2,
        0,
        0,
        5,
    )
    assert [(e["line"], e["field"]) for e in result.errors] == [
        (4, "kind"),
        (6, "title_en"),
        (8, "owners"),
        (10, "title_ru"),
        (12, "external_id"),
    ]
    product = Product.objects.get(source_system="lms", external_id="c-1")
    assert (product.status, product.stage, product.price, product.languages) == (
        "draft",
        "pilot",
        1500.5,
        ["ru", "en"],
    )
    assert list(product.outcomes.values_list("text", "language")) == [
        ("Обучает модели", "ru"),
        ("Evaluates models", "en"),
    ]
    joint = Product.objects.get(external_id="c-7")
    assert list(joint.ownerships.order_by("pk").values_list("organization__slug", "role")) == [
        ("acme", "lead"),
        ("globex", "partner"),
    ]
    assert SearchPosting.objects.filter(product=product).exists()
    assert AuditEntry.objects.filter(verb="product.imported").count() == 2


def test_a_re_run_changes_nothing_and_an_edit_updates_one(rows, operator, other_organization):
    run(csv_bytes(rows), operator)
    before = set(Product.objects.values_list("pk", "updated_at"))
    again = run(csv_bytes(rows), operator)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 5)
    assert set(Product.objects.values_list("pk", "updated_at")) == before
    edited = run(
        csv_bytes([GOOD | {"title_en": "Machine learning II", "stage": "implemented"}]), operator
    )
    assert (edited.created, edited.updated) == (0, 1)
    assert edited.actions[0]["fields"] == ["stage", "title_en"]
    product = Product.objects.get(external_id="c-1")
    assert (product.title_en, product.stage) == ("Machine learning II", "implemented")
    assert list(product.stage_changes.values_list("to_stage", flat=True)) == [
        "pilot",
        "implemented",
    ]


def test_a_preview_counts_without_writing_and_can_be_confirmed(rows, operator, other_organization):
    preview = run(csv_bytes(rows), operator, dry_run=True)
    assert (preview.created, preview.rejected) == (2, 5)
    assert [a["action"] for a in preview.actions] == ["created", "created"]
    assert Product.objects.count() == 0
    confirmed = import_run(run=import_confirm(preview=preview, actor=operator, enqueue=False))
    assert (confirmed.created, confirmed.previewed) == (2, preview)
    assert Product.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "file_name", "message"),
    [
        (csv_bytes([GOOD], header=[*NAMES, "colour"]), "a.csv", "Unknown columns: colour"),
        ("external_id,title_ru\nx,Тест\n".encode("cp1251"), "a.csv", "not in UTF-8"),
        (b"PK\x03\x04" + b"\x00garbage" * 1000, "a.xlsx", "not an XLSX"),
        (b"\x00\x01\x02" * 1000, "a.csv", "not a text file"),
        (b"kind,title_ru\nmooc,x\n", "a.csv", "external_id column is missing"),
        (b'{"broken": ', "a.jsonld", "not valid JSON"),
    ],
)
def test_a_bad_file_fails_whole_with_a_clear_message(operator, data, file_name, message):
    result = run(data, operator, file_name=file_name)
    assert result.status == "failed"
    assert message in result.message
    assert Product.objects.count() == 0


def test_windows_1251_is_read_when_chosen(operator):
    data = csv_bytes([GOOD]).decode().encode("cp1251")
    assert run(data, operator, encoding="cp1251").created == 1


def test_too_large_and_empty_files_are_refused(operator, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger"):
        run(b"x" * 11, operator)
    with pytest.raises(ValidationError):
        run(b"", operator)


def test_members_import_only_their_organizations_products(
    rows, member_editor, organization, other_organization, operator, member_viewer
):
    with pytest.raises(PermissionDenied):
        run(csv_bytes([GOOD]), member_editor, owner=other_organization)
    with pytest.raises(PermissionDenied):
        run(csv_bytes([GOOD]), member_viewer, owner=organization)
    with pytest.raises(PermissionDenied):
        run(csv_bytes([GOOD]), member_editor, owner=organization, publish=True)
    run(csv_bytes([GOOD | {"external_id": "g", "owners": "globex"}]), operator)
    result = run(
        csv_bytes(
            [
                GOOD,
                GOOD | {"external_id": "x", "owners": "globex"},
                GOOD | {"external_id": "g", "owners": "acme"},
            ]
        ),
        member_editor,
        owner=organization,
    )
    assert result.created == 1
    assert [(e["line"], e["field"]) for e in result.errors] == [(4, "owners"), (6, "external_id")]


def test_an_import_file_is_kept_byte_for_byte(operator):
    """Files go to the database as binary parameters (PostgreSQL) or through the ORM, and every
    byte value comes back, read either way."""
    from edcluster.core.bulk import load_bytes

    data = bytes(range(256)) * 4096  # 1 MB of every byte value, NUL and backslash among them
    run = import_start(actor=operator, data=data, file_name="f.csv")
    fresh = ImportRun.objects.defer("data").get(pk=run.pk)
    assert load_bytes(fresh, "data") == data
    assert bytes(ImportRun.objects.get(pk=run.pk).data) == data


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the writer thread serves PostgreSQL only"
)


def many(count: int) -> list[dict]:
    return [GOOD | {"external_id": f"m-{n}", "title_en": f"Course {n}"} for n in range(count)]


@postgres_only
def test_on_postgresql_chunks_are_written_by_a_thread_of_their_own(
    transactional_db, operator, monkeypatch
):
    from edcluster.catalog.imports import lifecycle, writing

    writers, switch = [], sys.getswitchinterval()
    store_chunk = writing.store_chunk

    def spy(ctx, prepared, counts):
        writers.append(threading.current_thread().name)
        assert sys.getswitchinterval() <= 0.0005  # the writer gets the interpreter back soon
        store_chunk(ctx, prepared, counts)

    monkeypatch.setattr(lifecycle, "CHUNK", 4)
    monkeypatch.setattr(writing, "store_chunk", spy)
    done = run(csv_bytes(many(10)), operator)
    assert writers == ["catalog-import-writer"] * 3
    assert (done.status, done.created, done.processed) == (ImportRun.Status.DONE, 10, 10)
    stored = ImportRun.objects.get(pk=done.pk)
    assert (stored.created, stored.processed, stored.total) == (10, 10, 10)
    products = Product.objects.filter(external_id__startswith="m-")
    assert products.count() == 10
    assert {p.outcomes.count() for p in products} == {2}
    # written on another thread, still in the language of the run (English here; default Russian)
    assert set(StageChange.objects.values_list("note", flat=True)) == {"imported"}
    assert sys.getswitchinterval() == switch
    again = run(csv_bytes(many(10)), operator)
    assert (again.created, again.unchanged) == (0, 10)


@postgres_only
def test_a_failed_write_stops_the_import_and_keeps_the_chunks_before_it(
    transactional_db, operator, monkeypatch
):
    from edcluster.catalog.imports import lifecycle, writing

    store, calls = writing.store, []

    def failing(prepared):
        calls.append(len(prepared.creates))
        if len(calls) == 2:
            raise IntegrityError("the database refused the chunk")
        store(prepared)

    monkeypatch.setattr(lifecycle, "CHUNK", 4)
    monkeypatch.setattr(writing, "store", failing)
    with pytest.raises(IntegrityError, match="refused the chunk"):
        run(csv_bytes(many(12)), operator)
    assert Product.objects.filter(external_id__startswith="m-").count() == 4  # the first chunk
    stored = ImportRun.objects.get()
    assert (stored.processed, stored.created) == (4, 4)  # counters committed with their chunk
    assert calls == [4, 4]  # nothing written after the failure
    assert "catalog-import-writer" not in {thread.name for thread in threading.enumerate()}


def owners_of(external_id: str) -> list[tuple[str, str]]:
    product = Product.objects.get(external_id=external_id)
    return list(product.ownerships.order_by("role", "pk").values_list("organization__slug", "role"))


def test_an_import_changes_owners_by_the_services_rule(
    member_editor, outsider, operator, organization, other_organization
):
    """Acme leads a joint product with Globex. Globex's administrator (the outsider) edits it
    but may not rewrite its owners: neither take the lead nor drop Acme; the other rows of the
    file import. Acme's editors may drop the partner or hand the lead over; nobody drops the
    lead, operators included."""
    joint = GOOD | {"owners": "acme;globex"}
    assert run(csv_bytes([joint]), member_editor, owner=organization).created == 1
    takeover = run(
        csv_bytes(
            [
                joint | {"owners": "globex"},
                joint | {"external_id": "g-1", "owners": "globex"},
            ]
        ),
        outsider,
        owner=other_organization,
    )
    assert (takeover.created, takeover.updated, takeover.rejected) == (1, 0, 1)
    assert [(e["line"], e["field"]) for e in takeover.errors] == [(2, "owners")]
    assert "lead owner" in takeover.errors[0]["reason"]
    lead_taken = run(
        csv_bytes([joint | {"owners": "globex;acme", "title_en": "Ours"}]),
        outsider,
        owner=other_organization,
    )
    assert [(e["line"], e["field"]) for e in lead_taken.errors] == [(2, "owners")]
    edited = run(csv_bytes([joint | {"title_en": "Ours"}]), outsider, owner=other_organization)
    assert (edited.updated, edited.errors) == (
        1,
        [],
    )  # a partner's editors still edit what they may
    assert owners_of("c-1") == [("acme", "lead"), ("globex", "partner")]
    for actor in (member_editor, operator):
        dropped = run(csv_bytes([joint | {"owners": "globex"}]), actor, owner=organization)
        assert [(e["field"], e["reason"]) for e in dropped.errors] == [
            ("owners", "The lead owner cannot be removed.")
        ]
    assert owners_of("c-1") == [("acme", "lead"), ("globex", "partner")]
    handed = run(csv_bytes([joint | {"owners": "globex;acme"}]), member_editor, owner=organization)
    assert handed.updated == 1
    assert owners_of("c-1") == [("globex", "lead"), ("acme", "partner")]
