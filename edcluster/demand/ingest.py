"""Bulk ingestion of job postings from CSV, JSON Lines or the API, streamed in batches.

Every batch commits whole together with the run's counters and checkpoint (records consumed),
so a run stopped anywhere resumes where its last batch ended: nothing lost, nothing counted
twice. Rows are keyed by (source, external_id): a re-run inserts nothing (rows are unchanged);
a changed row is updated; the same text under another id is a duplicate and is not stored again.
Runs are runs of the kernel (core.runs): rows = created + updated + unchanged + duplicates +
rejected, a posting stored for the first time being "created".
"""

import codecs
import csv
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.bulk import bulk_insert
from edcluster.core.runs import PROGRESS_FIELDS, interrupted_on_stop, run_enqueue
from edcluster.demand.models import IngestRun, JobPosting
from edcluster.demand.posting_rows import (
    COLUMNS,
    CONTENT_KEY,
    ERRORS_KEPT,
    REQUIRED,
    STORED,
    TEXT_KEY,
    VALUES,
    Prepared,
    Record,
    prepare,
    read_batches,
    reason,
)

BATCH = 5000


class FileError(ValueError):
    """The file cannot be ingested at all (nothing of it is written)."""


# --- reading -------------------------------------------------------------------------------


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


# --- one batch ----------------------------------------------------------------------------------


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
            tally.created += 1
    source, run_id = run.source, run.pk
    bulk_insert(JobPosting, STORED, ((source, *row, run_id) for row in inserts))
    for pk, row in updates:
        JobPosting.objects.filter(pk=pk).update(
            **dict(zip(VALUES, row, strict=True)), run=run, extracted_at=None
        )


# After these many rows of a run (the table doubles between two at most, so the planner's
# statistics stay near the truth without an ANALYZE every few batches)
ANALYZE_AT = frozenset(BATCH * 10 * 2**k for k in range(20))


@transaction.atomic
def _analyze() -> None:
    """Statistics of the columns the batches look rows up by, from a small sample: the planner
    needs the table's size and that the keys are (nearly) unique to stay on the indexes. A full
    ANALYZE samples 30,000 rows of long texts (0.5 s at 200,000 postings, a tenth of the run)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL default_statistics_target = 10")
        cursor.execute("ANALYZE demand_jobposting (source, external_id, text_hash, run_id)")


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


LEAD = 1  # batches this process reads itself while the reader process starts (0.2 s)


def _prepared_batches(run: IngestRun) -> Iterator[Prepared]:
    """Batches to store. A large file is read and checked by a second process while this one
    writes (see ingest_reader): checking a row costs about as much as storing it. The reader
    starts after the first LEAD batches, which this process reads while it starts up."""
    if run.size - run.position < settings.DEMAND_INGEST_READER_BYTES:
        yield from read_batches(run.path, run.format, run.checkpoint, run.size, BATCH)
        return
    from edcluster.demand.ingest_reader import ReaderProcess

    rest = ReaderProcess(run, skip=run.checkpoint + LEAD * BATCH, batch_size=BATCH)
    try:
        last = None
        for last in read_batches(run.path, run.format, run.checkpoint, run.size, BATCH, LEAD):
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


def ingest_upload(
    *, actor, upload, source: str, format: str = "", extract: bool = True
) -> IngestRun:
    """A file uploaded on the page (a Django UploadedFile): saved under DEMAND_UPLOAD_DIR for
    the worker, recorded and checked (`ingest_start`), then ingested in the background once the
    transaction commits. A file that cannot be ingested comes back as a failed run."""
    folder = Path(settings.DEMAND_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix[:10]}"
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    run = ingest_start(
        actor=actor,
        source=source,
        path=path,
        file_name=upload.name,
        format=format,
        extract=extract,
    )
    if run.status != IngestRun.Status.FAILED:
        run_enqueue(run, "edcluster.demand.tasks.ingest_file")
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
        status=IngestRun.Status.RUNNING,
        started_at=run.started_at or timezone.now(),
        finished_at=None,  # an interrupted run goes on
    )
    run.refresh_from_db()
    with interrupted_on_stop(run):
        _ingest_batches(run, progress)
    run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
    run.to_extract = _to_extract(run)
    run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
    if progress:
        progress(run)
    return run


def _ingest_batches(run: IngestRun, progress: Callable[[IngestRun], None] | None) -> None:
    for batch in _prepared_batches(run):
        _commit(run, batch)
        if connection.vendor == "postgresql" and run.checkpoint in ANALYZE_AT:
            _analyze()  # the table grows fast: keep the planner on its indexes
        if progress:
            progress(run)


def _to_extract(run: IngestRun) -> int:
    """The run's postings whose skills wait to be extracted (none when it extracts none)."""
    return JobPosting.objects.filter(run=run, extracted_at=None).count() if run.extract else 0


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
    run.add_counts(batch.tally)  # sorted by _store: every record of the batch counted once
    run.checkpoint += batch.size
    run.position = min(batch.position, run.size)
    if batch.errors and len(run.errors) < ERRORS_KEPT:
        rejected = [
            {"line": line, "field": field, "reason": reason(message, values)}
            for line, field, message, values in batch.errors
        ]  # in the run's language: the reader leaves the messages to this process
        run.errors = [*run.errors, *rejected][:ERRORS_KEPT]
    run.save(update_fields=[*PROGRESS_FIELDS, "checkpoint", "position", "errors", "updated_at"])


def ingest_records(
    *,
    actor,
    source: str,
    records: list[dict],
    key: str = "",
    extract: bool = True,
    enqueue: bool = True,
) -> tuple[IngestRun, bool]:
    """Postings sent through the API, as one batch; their skills are extracted in the
    background once the transaction commits (unless enqueue is False). With an idempotency
    key, the same key from the same person returns the first run instead of ingesting again.
    Returns (run, repeated)."""
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
            total=len(records),
            status=IngestRun.Status.RUNNING,
            started_at=timezone.now(),
        )
        _commit(run, prepare([Record(i, r) for i, r in enumerate(records, start=1)]))
        run.status, run.finished_at = IngestRun.Status.DONE, timezone.now()
        run.to_extract = _to_extract(run)
        run.save(update_fields=["status", "finished_at", "to_extract", "updated_at"])
        if enqueue and run.to_extract:
            run_enqueue(run, "edcluster.demand.tasks.extract_run")
    return run, False
