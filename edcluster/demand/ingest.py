"""Bulk ingestion of job postings from CSV, JSON Lines or the API, streamed in batches.

Every batch commits whole together with the run's counters and checkpoint (records consumed),
so a run stopped anywhere resumes where its last batch ended: nothing lost, nothing counted
twice. Rows are keyed by (source, external_id): a re-run inserts nothing (rows are unchanged);
a changed row is updated; the same text under another id is a duplicate and is not stored again.
rows = inserted + updated + unchanged + duplicates + rejected.
"""

import codecs
import csv
import io
import json
import marshal
import re
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from hashlib import blake2b
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.bulk import bulk_insert
from edcluster.demand.models import IngestRun, JobPosting

COLUMNS = (
    "external_id",
    "title",
    "text",
    "employer",
    "region",
    "city",
    "posted_at",
    "salary_from",
    "salary_to",
    "currency",
    "url",
)
REQUIRED = ("external_id", "title", "text")
LIMITS = {
    "external_id": 200,
    "title": 500,
    "text": 100_000,
    "employer": 300,
    "region": 200,
    "city": 200,
    "url": 1000,
}
BATCH = 5000
ERRORS_KEPT = 1000
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
csv.field_size_limit(64 * 1024 * 1024)  # a huge field is read, then refused with its reason


class FileError(ValueError):
    """The file cannot be ingested at all (nothing of it is written)."""


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def key64(text: str) -> int:
    """A signed 64-bit key of the text (BLAKE2b), as stored in a BigIntegerField."""
    digest = blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def normalised_hash(text: str) -> int:
    """The key of a text with case and spacing aside: the same posting under another id."""
    if text.isprintable() and "  " not in text:  # single ASCII spaces only: nothing to undo
        return key64(text.casefold())
    return key64(" ".join(text.casefold().split()))


# --- reading -------------------------------------------------------------------------------


@dataclass(slots=True)
class Record:
    line: int
    values: dict | None  # None: the line could not be read (error says why)
    error: RowError | None = None


def check_file(path: Path, format: str) -> list[str]:
    """Refuse what cannot be a postings file before anything is written: bytes that are not
    UTF-8, a CSV header without the required columns. Returns the ignored extra columns."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as opened:
        while chunk := opened.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise FileError(
                    _("The file is not UTF-8 text (line %(line)s).")
                    % {"line": line + chunk[: error.start].count(b"\n")}
                ) from error
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise FileError(_("The file ends in the middle of a character.")) from error
    if format != IngestRun.Format.CSV:
        return []
    with path.open(encoding="utf-8-sig", newline="") as opened:
        header = next(csv.reader(opened), None)
    if not header:
        raise FileError(_("The file is empty."))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FileError(
            _("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)}
        )
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        raise FileError(_("Columns appear twice: %(names)s.") % {"names": ", ".join(doubled)})
    return [name for name in header if name not in COLUMNS]


def read_csv(opened: io.BufferedReader) -> Iterator[Record]:
    text = io.TextIOWrapper(opened, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    header = next(reader, [])
    known = [(name, index) for index, name in enumerate(header) if name in COLUMNS]
    columns = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Record(reader.line_num, None, RowError("line", str(error)))
            continue
        if not row:
            continue
        if len(row) == columns:  # unknown columns ride along; clean_row reads known ones only
            yield Record(reader.line_num, dict(zip(header, row, strict=True)))
        else:
            width = len(row)
            yield Record(reader.line_num, {name: row[i] for name, i in known if i < width})


def read_jsonl(opened: io.BufferedReader) -> Iterator[Record]:
    for number, raw in enumerate(opened, start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except ValueError as error:
            yield Record(
                number, None, RowError("line", _("Not valid JSON: %(error)s") % {"error": error})
            )
            continue
        if not isinstance(value, dict):
            yield Record(number, None, RowError("line", _("Each line must be a JSON object.")))
            continue
        yield Record(number, value)


# --- checking one row -------------------------------------------------------------------------


def _text(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RowError(name, _("Must be text."))
    value = value.strip()
    if "\x00" in value:
        raise RowError(name, _("Null characters are not allowed."))
    limit = LIMITS.get(name)
    if limit and len(value) > limit:
        raise RowError(
            name,
            _("Longer than %(limit)s characters (%(length)s).")
            % {"limit": f"{limit:,}", "length": f"{len(value):,}"},
        )
    return value


CENTS = Decimal("0.01")


def _money(values: dict, name: str) -> Decimal | None:
    value = values.get(name)
    if value.__class__ is str and value.isdigit() and len(value) <= 12:
        return Decimal(value).quantize(CENTS)  # the common case: whole roubles
    if value is None or value == "":
        return None
    raw = _text(values, name).replace(" ", "").replace(",", ".")
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation as error:
        raise RowError(name, _("Not a number: %(value)s") % {"value": raw[:50]}) from error
    if not amount.is_finite() or amount < 0 or amount >= 10**12:
        raise RowError(name, _("Must be between 0 and 999,999,999,999."))
    return amount.quantize(CENTS)


TEXTS = tuple((name, LIMITS[name]) for name in
              ("external_id", "title", "text", "employer", "region", "city", "url"))  # fmt: skip


def clean_row(values: dict) -> dict:
    row: dict[str, Any] = {}
    for name, limit in TEXTS:
        value = values.get(name)
        if value.__class__ is str and len(value) <= limit and "\x00" not in value:
            row[name] = value.strip()  # the common case, without a call
        else:
            row[name] = _text(values, name)
    for name in REQUIRED:
        if not row[name]:
            raise RowError(name, _("Required."))
    posted = values.get("posted_at")
    row["posted_at"] = None
    if posted.__class__ is str and len(posted) == 10 and posted[4] == posted[7] == "-":
        try:  # the common case, YYYY-MM-DD: checked, and kept as it is
            date.fromisoformat(posted)
            row["posted_at"], posted = posted, ""
        except ValueError:
            pass
    if posted:
        posted = _text(values, "posted_at")
    if posted:
        found = DATE.match(posted)
        try:
            row["posted_at"] = date(*map(int, found.groups())).isoformat() if found else None
        except ValueError:
            found = None
        if not found:
            raise RowError("posted_at", _("Use a date like 2026-11-28."))
    row["salary_from"], row["salary_to"] = (
        _money(values, "salary_from"),
        _money(values, "salary_to"),
    )
    if row["salary_from"] and row["salary_to"] and row["salary_from"] > row["salary_to"]:
        raise RowError("salary_to", _("Smaller than salary_from."))
    currency = values.get("currency")
    row["currency"] = (
        currency.strip().upper()
        if currency.__class__ is str and len(currency) <= 10
        else _text(values, "currency").upper()
    )
    if row["currency"] and not CURRENCY.match(row["currency"]):
        raise RowError("currency", _("Use a three-letter ISO 4217 code, e.g. RUB."))
    if row["region"] == "*":
        raise RowError("region", _("Not a region's name."))
    if row["url"] and not row["url"].startswith(("http://", "https://")):
        raise RowError("url", _("Use an http:// or https:// address."))
    row["text_hash"] = normalised_hash(row["text"])
    row["content_hash"] = key64(
        "\x1f".join([
            row["external_id"], row["title"], row["text"], row["employer"], row["region"],
            row["city"], str(row["posted_at"] or ""), str(row["salary_from"] or ""),
            str(row["salary_to"] or ""), row["currency"], row["url"],
        ])
    )  # fmt: skip
    # stored as text: what SQLite keeps and PostgreSQL's COPY parses, and quick to hand over
    # from the reader process (pickling dates and decimals costs more than checking a row)
    for name in ("salary_from", "salary_to"):
        if row[name] is not None:
            row[name] = str(row[name])
    return row


# --- one batch ----------------------------------------------------------------------------------

STORED = ("source", *COLUMNS, "text_hash", "content_hash", "run_id")
VALUES = STORED[1:-1]  # what a checked row holds, in this order (the run gives the rest)
VALUES_OF = itemgetter(*VALUES)
TEXT_KEY, CONTENT_KEY = VALUES.index("text_hash"), VALUES.index("content_hash")


@dataclass
class Tally:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0


@dataclass
class Prepared:
    """A batch read and checked, before the database is asked anything (the reader process's
    part): the good rows by external id, each as its values of the columns VALUES names, the
    counts so far and the rejected rows."""

    rows: dict[str, tuple[int, tuple]]
    tally: Tally
    errors: list[dict]
    size: int  # records consumed (the checkpoint moves by this)
    position: int  # bytes of the file read after it

    def pack(self) -> bytes:
        """The batch as bytes for the reader process to hand over: marshal, four times quicker
        than pickle here, is enough for these strings, numbers and None (same interpreter)."""
        rows = list(self.rows.values())
        return marshal.dumps((rows, astuple(self.tally), self.errors, self.size, self.position))

    @classmethod
    def unpack(cls, data: bytes) -> "Prepared":
        rows, tally, errors, size, position = marshal.loads(data)  # noqa: S302 (our reader's)
        by_id = {values[0]: (line, values) for line, values in rows}
        return cls(by_id, Tally(*tally), errors, size, position)


def _prepare(records: list[Record], position: int = 0) -> Prepared:
    rows: dict[str, tuple[int, tuple]] = {}
    tally, errors = Tally(), list[dict]()
    for record in records:
        tally.rows += 1
        try:
            if record.error:
                raise record.error
            row = clean_row(record.values or {})
        except RowError as error:
            tally.rejected += 1
            if len(errors) < ERRORS_KEPT:
                errors.append({"line": record.line, "field": error.field, "reason": error.reason})
            continue
        if row["external_id"] in rows:  # the same id twice in a batch: the later row wins
            tally.unchanged += 1
        rows[row["external_id"]] = (record.line, VALUES_OF(row))
    return Prepared(rows, tally, errors, len(records), position)


def _store(run: IngestRun, batch: Prepared) -> None:
    """Sort a prepared batch into inserts, updates, unchanged rows and duplicates, and write."""
    rows, tally = batch.rows, batch.tally
    current = {
        external_id: (pk, content)
        for external_id, pk, content in _lookup(
            "SELECT external_id, id, content_hash FROM demand_jobposting "
            "WHERE source = %s AND external_id {IN}",
            run.source,
            list(rows),
        )
    }
    new_hashes = [
        row[TEXT_KEY] for external_id, (_l, row) in rows.items() if external_id not in current
    ]
    taken = {
        found
        for (found,) in _lookup(
            "SELECT text_hash FROM demand_jobposting WHERE text_hash {IN}",
            None,
            new_hashes,
            cast="::bigint[]",
        )
    }
    inserts, updates = [], []
    for external_id, (_line, row) in rows.items():
        if external_id in current:
            pk, content = current[external_id]
            if content == row[CONTENT_KEY]:
                tally.unchanged += 1
            else:
                updates.append((pk, row))
                tally.updated += 1
        elif row[TEXT_KEY] in taken:
            tally.duplicates += 1
        else:
            taken.add(row[TEXT_KEY])
            inserts.append(row)
            tally.inserted += 1
    source, run_id = run.source, run.pk
    bulk_insert(JobPosting, STORED, ((source, *row, run_id) for row in inserts))
    for pk, row in updates:
        JobPosting.objects.filter(pk=pk).update(
            **dict(zip(VALUES, row, strict=True)), run=run, extracted_at=None
        )


# After these many rows of a run (the table doubles between two at most, so the planner's
# statistics stay near the truth without an ANALYZE, ~0.1 s, every few batches)
ANALYZE_AT = frozenset(BATCH * 10 * 2**k for k in range(20))


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE demand_jobposting")


def _lookup(sql: str, source: str | None, keys: list, cast: str = "") -> list[tuple]:
    """Rows whose key is one of `keys`: on PostgreSQL one string the server splits (a list of
    thousands of placeholders costs more to build than the query, an array parameter more to
    send), placeholders on SQLite."""
    if not keys:
        return []
    first = [source] if source is not None else []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            joined = SEPARATOR.join(map(str, keys))
            if joined.count(SEPARATOR) == len(keys) - 1:  # no key holds the separator
                keys_sql = f"= ANY(string_to_array(%s, E'\\x1f'){cast})"
                cursor.execute(sql.replace("{IN}", keys_sql), [*first, joined])
            else:
                cursor.execute(sql.replace("{IN}", f"= ANY(%s{cast})"), [*first, keys])
        else:
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(sql.replace("{IN}", f"IN ({marks})"), [*first, *keys])
        return cursor.fetchall()


SEPARATOR = "\x1f"


# --- runs ----------------------------------------------------------------------------------------


def _read_batches(
    path: str, format: str, checkpoint: int, size: int, limit: int | None = None
) -> Iterator[Prepared]:
    """The file's batches after the first `checkpoint` records, read and checked; with a
    `limit`, only that many full batches (the rest of the file is left to another reader)."""
    with open(path, "rb") as opened:
        reader = read_jsonl if format == IngestRun.Format.JSONL else read_csv
        records = reader(opened)  # type: ignore[arg-type]
        for _skipped in range(checkpoint):
            next(records, None)
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) == BATCH:
                yield _prepare(batch, opened.tell())
                batch = []
                if limit is not None:
                    limit -= 1
                    if limit == 0:
                        return
        yield _prepare(batch, size)


LEAD = 3  # batches this process reads itself while the reader process starts (about 1 s)


def _prepared_batches(run: IngestRun) -> Iterator[Prepared]:
    """Batches to store. A large file is read and checked by a second process while this one
    writes (see ingest_reader): checking a row costs about as much as storing it. The reader
    starts after the first LEAD batches, which this process reads while it starts up."""
    if run.size - run.position < settings.DEMAND_INGEST_READER_BYTES:
        yield from _read_batches(run.path, run.format, run.checkpoint, run.size)
        return
    from edcluster.demand.ingest_reader import ReaderProcess

    rest = ReaderProcess(run, skip=run.checkpoint + LEAD * BATCH)
    try:
        last = None
        for last in _read_batches(run.path, run.format, run.checkpoint, run.size, LEAD):
            yield last
        if last is not None and last.size < BATCH:  # the file ended within the lead
            return
        yield from rest
    finally:
        rest.close()


def ingest_start(
    *, actor, source: str, path: Path, file_name: str = "", format: str = "", extract: bool = True
) -> IngestRun:
    """Record a run for a file on disk (checked whole first: nothing is written for a file that
    cannot be ingested; the run says why)."""
    format = format or (
        IngestRun.Format.JSONL
        if path.suffix in (".jsonl", ".ndjson", ".json")
        else IngestRun.Format.CSV
    )
    run = IngestRun.objects.create(
        actor=actor,
        source=source.strip() or "import",
        format=format,
        file_name=file_name or path.name,
        path=str(path),
        extract=extract,
        size=path.stat().st_size,
    )
    try:
        ignored = check_file(path, format)
    except FileError as error:
        return _fail(run, str(error))
    if ignored:
        run.message = _("Columns not used: %(names)s.") % {"names": ", ".join(ignored)}
        run.save(update_fields=["message", "updated_at"])
    return run


def _fail(run: IngestRun, message: str) -> IngestRun:
    run.status, run.message, run.finished_at = IngestRun.Status.FAILED, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "updated_at"])
    return run


def ingest_run(*, run: IngestRun, progress: Callable[[IngestRun], None] | None = None) -> IngestRun:
    """Carry out (or resume) a file run: skip the records already committed, then batch."""
    if run.status == IngestRun.Status.DONE:
        return run
    IngestRun.objects.filter(pk=run.pk).update(
        status=IngestRun.Status.RUNNING, started_at=run.started_at or timezone.now()
    )
    run.refresh_from_db()
    for batch in _prepared_batches(run):
        _commit(run, batch)
        if connection.vendor == "postgresql" and run.checkpoint in ANALYZE_AT:
            _analyze()  # the table grows fast: keep the planner on its indexes
        if progress:
            progress(run)
    run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
    run.to_extract = (
        JobPosting.objects.filter(run=run, extracted_at=None).count() if run.extract else 0
    )
    run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
    if progress:
        progress(run)
    return run


@transaction.atomic
def _commit(run: IngestRun, batch: Prepared) -> None:
    """A batch and the run's counters and checkpoint, in one transaction. PostgreSQL need not
    wait for it to reach the disk: were the server to crash before, the batch and the checkpoint
    would be lost together and a resumed run would store the batch again, counted once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    if batch.size:
        _store(run, batch)
    tally = batch.tally
    for name in ("rows", "inserted", "updated", "unchanged", "duplicates", "rejected"):
        setattr(run, name, getattr(run, name) + getattr(tally, name))
    run.checkpoint += batch.size
    run.position = min(batch.position, run.size)
    if batch.errors and len(run.errors) < ERRORS_KEPT:
        run.errors = [*run.errors, *batch.errors][:ERRORS_KEPT]
    run.save(
        update_fields=[
            "rows",
            "inserted",
            "updated",
            "unchanged",
            "duplicates",
            "rejected",
            "checkpoint",
            "position",
            "errors",
            "updated_at",
        ]
    )


def ingest_records(
    *, actor, source: str, records: list[dict], key: str = "", extract: bool = True
) -> tuple[IngestRun, bool]:
    """Postings sent through the API, as one batch. With an idempotency key, the same key from
    the same person returns the first run instead of ingesting again. Returns (run, repeated)."""
    if key:
        earlier = IngestRun.objects.filter(actor=actor, idempotency_key=key).first()
        if earlier is not None:
            return earlier, True
    with transaction.atomic():
        run = IngestRun.objects.create(
            actor=actor,
            source=source,
            format=IngestRun.Format.API,
            idempotency_key=key,
            extract=extract,
            status=IngestRun.Status.RUNNING,
            started_at=timezone.now(),
        )
        _commit(run, _prepare([Record(i, r) for i, r in enumerate(records, start=1)]))
        run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
        run.to_extract = (
            JobPosting.objects.filter(run=run, extracted_at=None).count() if extract else 0
        )
        run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
    return run, False


def _to_extract(run: IngestRun) -> int:
    return JobPosting.objects.filter(run=run, extracted_at=None).count() if run.extract else 0
