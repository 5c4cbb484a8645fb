"""Reading an import's rows: the file's format, its rows, and the chunks they are taken in."""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from edcluster.catalog.formats import case
from edcluster.catalog.formats.spreadsheet import Rows, read_csv, read_xlsx
from edcluster.catalog.models import ImportRun
from edcluster.core.bulk import load_bytes

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonld": "elm", ".json": "case"}


def source_of_own_records() -> str:
    return settings.CATALOG_SOURCE_SYSTEM


def guess_format(file_name: str) -> str:
    for suffix, name in FORMATS.items():
        if file_name.lower().endswith(suffix):
            return name
    raise ValidationError({"format": _("Say which format the file is in.")})


def file_rows(run: ImportRun) -> Rows:
    data = load_bytes(run, "data")
    if run.format == "csv":
        return read_csv(data, encoding=run.encoding)
    if run.format == "xlsx":
        return read_xlsx(data)
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
