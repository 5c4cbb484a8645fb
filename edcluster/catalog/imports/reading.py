"""Reading an import's rows: the file's format, its rows (counted first, within the limits),
and the chunks they are taken in."""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.formats import case
from edcluster.catalog.formats.spreadsheet import FileError, Rows, read_csv, read_xlsx
from edcluster.catalog.models import ImportRun
from edcluster.core.bulk import load_bytes

BEAT = 20_000  # rows counted between two heartbeats of the run

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonld": "elm", ".json": "case"}


def source_of_own_records() -> str:
    return settings.CATALOG_SOURCE_SYSTEM


def guess_format(file_name: str) -> str:
    for suffix, name in FORMATS.items():
        if file_name.lower().endswith(suffix):
            return name
    raise ValidationError({"format": _("Say which format the file is in.")})


def counted_rows(run: ImportRun) -> tuple[int, Callable[[], Iterator]]:
    """How many rows the run's file holds, and a way to read them. Spreadsheets are read
    twice, streaming: once to count (a file that cannot be read, or holds more than
    CATALOG_IMPORT_MAX_ROWS rows, fails here, before anything is written) and once to import;
    JSON files are parsed whole (their size is bounded) and their rows kept."""
    data, limit = load_bytes(run, "data"), settings.CATALOG_IMPORT_MAX_ROWS
    too_many = FileError(
        _("The file holds more than %(limit)s rows: split it.") % {"limit": f"{limit:,}"}
    )
    if run.format not in ("csv", "xlsx"):
        rows = list(file_rows(run, data))
        if len(rows) > limit:
            raise too_many
        return len(rows), lambda: iter(rows)
    total = 0
    for total, _row in enumerate(file_rows(run, data), start=1):
        if total > limit:
            raise too_many
        if total % BEAT == 0:  # the heartbeat (core.runs) while a big file is counted
            ImportRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())
    return total, lambda: file_rows(run, data)


def file_rows(run: ImportRun, data: bytes) -> Rows:
    if run.format == "csv":
        return read_csv(data, encoding=run.encoding)
    if run.format == "xlsx":
        return read_xlsx(data, max_unpacked=settings.CATALOG_IMPORT_MAX_UNPACKED_BYTES)
    if run.format == "elm":
        from edcluster.catalog.formats import elm

        return elm.read(data)
    return case.read(data)


def batches(rows: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
