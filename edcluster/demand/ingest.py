"""Bulk ingestion of job postings from CSV, JSON Lines or the API, streamed in batches.

Every batch commits whole together with the run's counters and checkpoint (records consumed),
so a run stopped anywhere resumes where its last batch ended: nothing lost, nothing counted
twice. Rows are keyed by (source, external_id): a re-run inserts nothing (rows are unchanged);
a changed row is updated; the same text under another id is a duplicate and is not stored again.
rows = inserted + updated + unchanged + duplicates + rejected.
"""

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

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
BATCH = 2000
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


def normalised_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.casefold().split()).encode()).hexdigest()


# --- reading -------------------------------------------------------------------------------


@dataclass
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


def _money(values: dict, name: str) -> Decimal | None:
    if values.get(name) in (None, ""):
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
    return amount.quantize(Decimal("0.01"))


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
    posted = _text(values, "posted_at")
    row["posted_at"] = None
    if posted:
        found = DATE.match(posted)
        try:
            row["posted_at"] = date(*map(int, found.groups())) if found else None
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
    row["currency"] = _text(values, "currency").upper()
    if row["currency"] and not CURRENCY.match(row["currency"]):
        raise RowError("currency", _("Use a three-letter ISO 4217 code, e.g. RUB."))
    if row["region"] == "*":
        raise RowError("region", _("Not a region's name."))
    if row["url"] and not row["url"].startswith(("http://", "https://")):
        raise RowError("url", _("Use an http:// or https:// address."))
    row["text_hash"] = normalised_hash(row["text"])
    row["content_hash"] = hashlib.sha1(
        "\x1f".join(str(row[name] or "") for name in COLUMNS).encode()
    ).hexdigest()
    return row


# --- one batch ----------------------------------------------------------------------------------

STORED = ("source", *COLUMNS, "text_hash", "content_hash", "run_id")


@dataclass
class Tally:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0


def _batch(run: IngestRun, records: list[Record], tally: Tally, errors: list[dict]) -> None:
    rows: dict[str, tuple[int, dict]] = {}
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
        rows[row["external_id"]] = (record.line, row)
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
        row["text_hash"] for external_id, (_l, row) in rows.items() if external_id not in current
    ]
    taken = {
        found
        for (found,) in _lookup(
            "SELECT text_hash FROM demand_jobposting WHERE text_hash {IN}", None, new_hashes
        )
    }
    inserts, updates = [], []
    for external_id, (_line, row) in rows.items():
        if external_id in current:
            pk, content = current[external_id]
            if content == row["content_hash"]:
                tally.unchanged += 1
            else:
                updates.append((pk, row))
                tally.updated += 1
        elif row["text_hash"] in taken:
            tally.duplicates += 1
        else:
            taken.add(row["text_hash"])
            inserts.append(row)
            tally.inserted += 1
    names = STORED[1:-1]
    if connection.vendor == "sqlite":  # SQLite's driver stores dates and decimals as text
        values = ((run.source, *(_sqlite(row[name]) for name in names), run.pk) for row in inserts)
    else:  # psycopg adapts them itself
        values = ((run.source, *(row[name] for name in names), run.pk) for row in inserts)
    bulk_insert(JobPosting, STORED, values)
    for pk, row in updates:
        JobPosting.objects.filter(pk=pk).update(
            **{name: row[name] for name in STORED[1:-1]}, run=run, extracted_at=None
        )


def _sqlite(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE demand_jobposting")


def _lookup(sql: str, source: str | None, keys: list[str]) -> list[tuple]:
    """Rows whose key is one of `keys`: one array parameter on PostgreSQL (a list of thousands
    of placeholders costs more to build than the query), placeholders on SQLite."""
    if not keys:
        return []
    first = [source] if source is not None else []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.replace("{IN}", "= ANY(%s)"), [*first, keys])
        else:
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(sql.replace("{IN}", f"IN ({marks})"), [*first, *keys])
        return cursor.fetchall()


# --- runs ----------------------------------------------------------------------------------------


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
    reader = read_jsonl if run.format == IngestRun.Format.JSONL else read_csv
    with open(run.path, "rb") as opened:
        records = reader(opened)  # type: ignore[arg-type]
        for _skipped in range(run.checkpoint):
            next(records, None)
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) == BATCH:
                _commit(run, batch, opened.tell())
                batch = []
                if connection.vendor == "postgresql" and run.checkpoint % (BATCH * 10) == 0:
                    _analyze()  # the table grows fast: keep the planner on its indexes
                if progress:
                    progress(run)
        _commit(run, batch, run.size)
    run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
    run.to_extract = (
        JobPosting.objects.filter(run=run, extracted_at=None).count() if run.extract else 0
    )
    run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
    if progress:
        progress(run)
    return run


@transaction.atomic
def _commit(run: IngestRun, records: list[Record], position: int) -> None:
    """A batch and the run's counters and checkpoint, in one transaction."""
    tally, errors = Tally(), list(run.errors)
    if records:
        _batch(run, records, tally, errors)
    for name in ("rows", "inserted", "updated", "unchanged", "duplicates", "rejected"):
        setattr(run, name, getattr(run, name) + getattr(tally, name))
    run.checkpoint += len(records)
    run.position, run.errors = min(position, run.size), errors
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
        _commit(run, [Record(i, r) for i, r in enumerate(records, start=1)], 0)
        run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
        run.to_extract = (
            JobPosting.objects.filter(run=run, extracted_at=None).count() if extract else 0
        )
        run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
    return run, False


def _to_extract(run: IngestRun) -> int:
    return JobPosting.objects.filter(run=run, extracted_at=None).count() if run.extract else 0
