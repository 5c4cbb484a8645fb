"""A run's lifecycle: started (a file recorded and queued), confirmed (a preview imported for
real), carried out chunk by chunk, finished, and resumed after an interruption from the first
row its committed chunks did not cover."""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edcluster.catalog.formats.spreadsheet import FileError
from edcluster.catalog.imports.checking import Tally, check_chunk
from edcluster.catalog.imports.reading import batches, counted_rows, guess_format
from edcluster.catalog.imports.rows import Context, context_of, editable_ids, remember
from edcluster.catalog.imports.writing import Writer, overlapped, prepare, write_chunk
from edcluster.catalog.models import ImportRun
from edcluster.catalog.selectors import owner_candidates
from edcluster.core.bulk import load_bytes, store_bytes
from edcluster.core.runs import PROGRESS_FIELDS, run_enqueue, run_guard, runs_interrupt_stale
from edcluster.core.services import audit_record
from edcluster.organizations.models import Organization

CHUNK = 2000  # rows a transaction: 2,000 imported 10 % faster than 1,000 on PostgreSQL


@transaction.atomic
def import_start(
    *,
    actor,
    data: bytes | IO[bytes],
    file_name: str,
    format: str = "",
    owner: Organization | None = None,
    encoding: str = "utf-8",
    source_system: str = "",
    dry_run: bool = True,
    publish: bool = False,
    enqueue: bool = True,
) -> ImportRun:
    """Record an import of a file (its bytes, or a file open for reading, of which no more than
    the limit is read) and queue it (a preview unless dry_run is False). No actor means the
    command line, which has an operator's rights. The owner is the default of rows that name
    none (a row with neither is rejected); a member may import only while they edit an
    admitted organization, and name as default only one of those."""
    operator = actor is None or actor.is_operator
    if not operator and not _may_import_for(actor, owner):
        raise PermissionDenied(_("Import into an organization whose products you edit."))
    if publish and not operator:
        raise PermissionDenied(_("Only operators publish on import."))
    if not isinstance(data, bytes):
        data = data.read(settings.CATALOG_IMPORT_MAX_BYTES + 1)
    if len(data) > settings.CATALOG_IMPORT_MAX_BYTES:
        limit = settings.CATALOG_IMPORT_MAX_BYTES // 2**20
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}}
        )
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    format = format or guess_format(file_name)
    if format not in ImportRun.Format.values:
        raise ValidationError({"format": _("Unknown format.")})
    if encoding not in ("utf-8", "cp1251"):
        raise ValidationError({"encoding": _("Choose UTF-8 or Windows-1251.")})
    run = ImportRun.objects.create(
        actor=actor,
        owner=owner,
        format=format,
        file_name=file_name[:255],
        data=b"",
        encoding=encoding,
        source=source_system or "import",
        dry_run=dry_run,
        publish=publish,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    store_bytes(run, "data", data)  # kept for the worker, which may run on another machine
    audit_record(
        actor=actor,
        verb="catalog.import_queued",
        target=run,
        data={"dry_run": dry_run, "format": format},
    )
    if enqueue:
        run_enqueue(run, "edcluster.catalog.tasks.run_import")
    return run


def _may_import_for(actor, owner: Organization | None) -> bool:
    if owner is not None:
        return owner.pk in editable_ids(actor)
    return owner_candidates(user=actor).exists()


def import_confirm(*, preview: ImportRun, actor, enqueue: bool = True) -> ImportRun:
    """Import for real the file a finished preview showed."""
    if actor is not None and preview.actor_id != actor.pk and not actor.is_operator:
        raise PermissionDenied
    if not preview.dry_run or preview.status != ImportRun.Status.DONE:
        raise ValidationError({"run": _("Only a finished preview can be confirmed.")})
    if preview.file_removed_at is not None:
        raise ValidationError({"run": _("The file of this preview was removed: upload it again.")})
    done = ImportRun.objects.filter(previewed=preview).first()
    if done is not None:
        raise ValidationError(
            {"run": _("This preview was imported already (import %(run)s).") % {"run": done.pk}}
        )
    run = import_start(
        actor=actor,
        data=load_bytes(preview, "data"),
        file_name=preview.file_name,
        format=preview.format,
        owner=preview.owner,
        encoding=preview.encoding,
        source_system=preview.source,
        dry_run=False,
        publish=preview.publish,
        enqueue=enqueue,
    )
    ImportRun.objects.filter(pk=run.pk).update(previewed=preview)
    return run


def import_run(*, run: ImportRun, progress: Callable[[ImportRun], None] | None = None) -> ImportRun:
    """Carry out a queued run (the background task's body; the CLI calls it directly), with
    its messages in the language of the person who started it. A resumed run passes over the
    rows its committed chunks counted (`processed`) and goes on with the counts it had."""
    with translation.override(run.language), run_guard(run):
        return _import_run(run, progress)


def _import_run(run: ImportRun, progress: Callable[[ImportRun], None] | None) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    run.refresh_from_db(
        fields=[f.attname for f in ImportRun._meta.concrete_fields if f.attname != "data"]
    )
    try:
        total, rows = counted_rows(run)
    except FileError as error:
        run.status, run.message = ImportRun.Status.FAILED, str(error)
        run.encoding_guess, run.finished_at = error.guess, timezone.now()
        fields = ["status", "message", "encoding_guess", "finished_at", "updated_at"]
        run.save(update_fields=fields)
        return run
    return _process(run, rows(), progress, total=total, resumed=run.processed)


def import_rows(
    *,
    rows: list[tuple[int | str, dict]],
    label: str,
    source_system: str,
    publish: bool,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import rows made by the program (the catalog generator), with the command line's rights."""
    run = ImportRun.objects.create(
        actor=None,
        format=ImportRun.Format.CSV,
        file_name=label,
        data=b"",
        source=source_system,
        dry_run=False,
        publish=publish,
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    with run_guard(run):
        return _process(run, rows, progress, total=len(rows))


def _process(
    run: ImportRun,
    rows: Iterable,
    progress: Callable[[ImportRun], None] | None,
    *,
    total: int,
    resumed: int = 0,
) -> ImportRun:
    run.total = total
    ctx, tally = context_of(run), Tally.of(run) if resumed else Tally()
    rows = _passed_over(ctx, iter(rows), resumed)
    writer = Writer(ctx) if overlapped(run) and total - resumed > CHUNK else None
    try:
        for batch in batches(rows, CHUNK):
            writes = check_chunk(ctx, batch, tally)
            if run.dry_run:
                writes = ([], [])
            run.take_counts(tally)  # every row of the batch ends in one counter
            counts = _progress(run, tally)
            if writer is not None:  # keys, slugs and rows made here, sent by the writer
                writer.put(prepare(ctx, *writes) if writes[0] or writes[1] else None, counts)
            else:
                write_chunk(ctx, writes, counts)
            if progress:
                progress(run)
    except BaseException:
        if writer is not None:
            writer.close(failed=True)
        raise
    if writer is not None:
        writer.close()
    run.errors, run.actions = tally.errors, tally.actions
    run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
    fields = ["total", "errors", "actions", "status", "finished_at", "updated_at"]
    run.save(update_fields=fields)
    if not run.dry_run:
        audit_record(
            actor=run.actor,
            verb="catalog.imported",
            target=run,
            data={
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "rejected": run.rejected,
            },
        )
    return run


def _progress(run: ImportRun, tally: Tally) -> dict:
    """What a chunk's transaction stores on the run: its counters and the rejected rows and
    row actions kept so far (both bounded), so that an interrupted run resumes with them."""
    counts: dict = {name: getattr(run, name) for name in PROGRESS_FIELDS}
    if len(tally.errors) != len(run.errors) or len(tally.actions) != len(run.actions):
        run.errors, run.actions = list(tally.errors), list(tally.actions)
        counts |= {"errors": run.errors, "actions": run.actions}
    return counts


def _passed_over(ctx: Context, rows: Iterator, resumed: int) -> Iterator:
    """The rows a run has still to take: a resumed run passes over those its committed chunks
    counted, noting their keys (but not of the rows it rejected)."""
    if resumed:
        rejected = {error["line"] for error in ctx.run.errors}
        for line, raw in islice(rows, resumed):
            if line not in rejected:
                remember(ctx, line, raw)
    return rows


def import_resume(*, run: ImportRun, actor, enqueue: bool = True) -> ImportRun:
    """Queue again an interrupted run (its process stopped or died): it goes on from the first
    row its committed chunks did not cover. Its owner or an operator; not once its file is
    removed."""
    if actor is not None and run.actor_id != actor.pk and not actor.is_operator:
        raise PermissionDenied
    runs_interrupt_stale(ImportRun)
    run.refresh_from_db(fields=["status", "file_removed_at", "file_name"])
    if run.status != ImportRun.Status.INTERRUPTED or not resumable(run):
        raise ValidationError({"run": _("Only an interrupted import with its file can resume.")})
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.QUEUED, message="", finished_at=None, updated_at=timezone.now()
        )
        run.status = ImportRun.Status.QUEUED
        audit_record(actor=actor, verb="catalog.import_resumed", target=run)
        if enqueue:
            run_enqueue(run, "edcluster.catalog.tasks.run_import")
    return run


def resumable(run: ImportRun) -> bool:
    """Whether the run still has its file to go on with (rows the program made have none)."""
    found = ImportRun.objects.filter(pk=run.pk, file_removed_at__isnull=True)
    return found.annotate(size=Length("data")).filter(size__gt=0).exists()


def import_retry(*, run: ImportRun, actor, encoding: str, enqueue: bool = True) -> ImportRun:
    """Preview the file of a run again in another encoding (the one it looks like)."""
    if actor is not None and run.actor_id != actor.pk and not actor.is_operator:
        raise PermissionDenied
    if run.file_removed_at is not None:
        raise ValidationError({"run": _("The file of this preview was removed: upload it again.")})
    return import_start(
        actor=actor,
        data=load_bytes(run, "data"),
        file_name=run.file_name,
        format=run.format,
        owner=run.owner,
        encoding=encoding,
        source_system=run.source,
        dry_run=True,
        publish=run.publish,
        enqueue=enqueue,
    )
