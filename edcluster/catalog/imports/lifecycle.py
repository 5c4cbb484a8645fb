"""A run's lifecycle: started (a file recorded and queued), confirmed (a preview imported for
real), carried out chunk by chunk, and finished."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edcluster.catalog.formats.spreadsheet import FileError
from edcluster.catalog.imports.checking import Tally, check_chunk
from edcluster.catalog.imports.reading import batches, file_rows, guess_format
from edcluster.catalog.imports.rows import context_of, editable_ids
from edcluster.catalog.imports.writing import Writer, overlapped, prepare, write_chunk
from edcluster.catalog.models import ImportRun
from edcluster.core.bulk import load_bytes, store_bytes
from edcluster.core.runs import PROGRESS_FIELDS, interrupted_on_stop, run_enqueue
from edcluster.core.services import audit_record
from edcluster.organizations.models import Organization

CHUNK = 2000  # rows a transaction: 2,000 imported 10 % faster than 1,000 on PostgreSQL


@transaction.atomic
def import_start(
    *,
    actor,
    data: bytes,
    file_name: str,
    format: str = "",
    owner: Organization | None = None,
    encoding: str = "utf-8",
    source_system: str = "",
    dry_run: bool = True,
    publish: bool = False,
    enqueue: bool = True,
) -> ImportRun:
    """Record an import of a file and queue it (a preview unless dry_run is False). No actor
    means the command line, which has an operator's rights."""
    operator = actor is None or actor.is_operator
    if not operator and (owner is None or owner.pk not in editable_ids(actor)):
        raise PermissionDenied(_("Import into an organization whose products you edit."))
    if publish and not operator:
        raise PermissionDenied(_("Only operators publish on import."))
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


def import_confirm(*, preview: ImportRun, actor, enqueue: bool = True) -> ImportRun:
    """Import for real the file a finished preview showed."""
    if actor is not None and preview.actor_id != actor.pk and not actor.is_operator:
        raise PermissionDenied
    if not preview.dry_run or preview.status != ImportRun.Status.DONE:
        raise ValidationError({"run": _("Only a finished preview can be confirmed.")})
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
    its messages in the language of the person who started it."""
    with translation.override(run.language), interrupted_on_stop(run):
        return _import_run(run, progress)


def _import_run(run: ImportRun, progress: Callable[[ImportRun], None] | None) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    run.refresh_from_db(
        fields=[f.attname for f in ImportRun._meta.concrete_fields if f.attname != "data"]
    )
    try:
        rows = list(file_rows(run))
    except FileError as error:
        run.status, run.message = ImportRun.Status.FAILED, str(error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return run
    return _process(run, rows, progress)


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
    with interrupted_on_stop(run):
        return _process(run, rows, progress)


def _process(run: ImportRun, rows: list, progress: Callable[[ImportRun], None] | None) -> ImportRun:
    run.total = len(rows)
    ctx, tally = context_of(run), Tally()
    writer = Writer(ctx) if overlapped(run) and len(rows) > CHUNK else None
    try:
        for batch in batches(rows, CHUNK):
            writes = check_chunk(ctx, batch, tally)
            if run.dry_run:
                writes = ([], [])
            run.take_counts(tally)  # every row of the batch ends in one counter
            counts = {name: getattr(run, name) for name in PROGRESS_FIELDS}
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
    run.save(update_fields=["errors", "actions", "status", "finished_at", "updated_at"])
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
