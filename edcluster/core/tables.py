"""Reports as CSV or XLSX downloads: text cells neutralised so no spreadsheet runs a formula."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ColumnDoc:
    """A column of an import file as its page documents it ("import_columns.html"): its name,
    whether a row needs it, its format, and its allowed values (as written, and meaning)."""

    name: str
    required: object  # a (lazy) text
    help: object
    values: tuple[tuple[str, object], ...] = ()


def cell(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence], format: str
) -> HttpResponse:
    """A download of the rows (numbers stay numbers, text is neutralised), as csv or xlsx."""
    if format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([cell(value) for value in row])
        out = io.BytesIO()
        workbook.save(out)
        body: bytes = out.getvalue()
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([cell(value) for value in row] for row in rows)
        body = text.getvalue().encode("utf-8-sig")
        format = "csv"
    response = HttpResponse(body, content_type=TYPES[format])
    # The name may be Russian: RFC 6266's filename* carries it, with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{format}")
    return response
