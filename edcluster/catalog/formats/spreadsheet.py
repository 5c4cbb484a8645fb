"""Reading and writing the tabular layout (formats.table) as CSV and XLSX; reading JSON files."""

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from edcluster.catalog.formats.table import EXPORT_ONLY, NAMES, neutralise


class FileError(Exception):
    """The file as a whole cannot be read: nothing of it is imported. `guess` is the encoding
    the file looks like, when it looks like another than the one chosen."""

    def __init__(self, message: str, *, guess: str = "") -> None:
        super().__init__(message)
        self.guess = guess


JSON_DEPTH = 64  # the deepest nesting of a JSON file read (CASE packages and ELM need 10 or so)


Rows = Iterator[tuple[int | str, dict[str, Any]]]  # (line or row number, cells by column name)


def _header(names: list[str]) -> list[str]:
    cleaned = [name.strip().lstrip("\ufeff") for name in names]
    unknown = [name for name in cleaned if name and name not in NAMES]
    if unknown:
        raise FileError(
            _("Unknown columns: %(names)s. The columns are: %(known)s.")
            % {"names": ", ".join(unknown[:10]), "known": ", ".join(NAMES)}
        )
    duplicated = {name for name in cleaned if name and cleaned.count(name) > 1}
    if duplicated:
        raise FileError(_("Columns given twice: %(names)s.") % {"names": ", ".join(duplicated)})
    if "external_id" not in cleaned:
        raise FileError(_("The external_id column is missing: it keys every row."))
    return cleaned


def text_stream(data: bytes, encoding: str = "utf-8") -> io.TextIOWrapper:
    """The file's text in the chosen encoding, checked whole first, then decoded as it is read
    (a file's text is never held whole: Cyrillic takes 2 to 4 bytes a letter in a str). A file
    read as Windows-1251 that is valid UTF-8 with letters beyond ASCII would import as garbled
    text («РњР°С€РёРЅРЅРѕРµ»): refused, naming UTF-8 as the encoding it looks like (real
    Windows-1251 text is almost never valid UTF-8)."""
    if encoding != "utf-8" and not data.isascii() and _decode_error(data, "utf-8") is None:
        raise FileError(
            _(
                "The file looks like UTF-8, not %(encoding)s: read as %(encoding)s its letters "
                "would be garbled. Check it as UTF-8."
            )
            % {"encoding": encoding.upper()},
            guess="utf-8",
        )
    error = _decode_error(data, encoding)
    if error is not None:
        byte, position = error
        raise FileError(
            _(
                "The file is not in %(encoding)s (byte %(byte)s at position %(position)s). Save it "
                "as UTF-8, or choose the encoding it was saved in."
            )
            % {"encoding": encoding.upper(), "byte": hex(byte), "position": position}
        )
    encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _decode_error(data: bytes, encoding: str) -> tuple[int, int] | None:
    """The first byte that does not decode, and its position, or None: decoded a megabyte at a
    time, the text thrown away."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view, size = memoryview(data), 2**20
    for start in range(0, len(data), size):
        piece = view[start : start + size]
        try:
            decoder.decode(piece, final=start + size >= len(data))
        except UnicodeDecodeError as error:
            pending = len(error.object) - len(piece)  # bytes left over from the piece before
            return error.object[error.start], start - pending + error.start
    return None


def read_json(data: bytes) -> Any:
    """A JSON file's content (ELM, CASE), or a FileError saying where it breaks or that it is
    nested deeper than JSON_DEPTH (what reads it further recurses)."""
    too_deep = FileError(
        _("The JSON is nested deeper than %(depth)s levels.") % {"depth": JSON_DEPTH}
    )
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileError(_("The file is not in UTF-8.")) from None
    except json.JSONDecodeError as error:
        message = _("This is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
        raise FileError(
            message % {"error": error.msg, "line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:  # the parser's own limit, far deeper than ours
        raise too_deep from None
    if _depth(parsed) > JSON_DEPTH:
        raise too_deep
    return parsed


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a parsed JSON value (without recursing)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            if depth <= JSON_DEPTH:
                stack.extend((item, depth + 1) for item in value)
    return deepest


def read_csv(data: bytes, *, encoding: str = "utf-8") -> Rows:
    if b"\x00" in data:  # both encodings keep ASCII as it is
        raise FileError(_("This is not a text file (it holds NUL characters)."))
    text = text_stream(data, encoding)
    sample = text.read(4096)
    text.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = _header(next(reader))
    except StopIteration:
        raise FileError(_("The file is empty.")) from None
    while True:
        start = reader.line_num + 1  # a quoted cell may hold line breaks: report where it starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileError(
                _("Line %(line)s is not valid CSV: %(error)s") % {"line": start, "error": error}
            ) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield start, {"": _("The row has more cells than the header.")}
            continue
        yield start, dict(zip(header, row, strict=False))


def unpacked_size(data: bytes) -> int:
    """The bytes an XLSX (a zip archive) unpacks to, as its members declare them: what the
    parser would hold, checked before parsing (Python's zipfile never returns more than a
    member declares)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileError(_("This is not an XLSX workbook: %(error)s") % {"error": error}) from None


def read_xlsx(data: bytes, *, max_unpacked: int | None = None) -> Rows:
    """The rows of the first sheet, read streaming (openpyxl's read-only mode); an archive that
    unpacks past max_unpacked bytes is refused before parsing."""
    from openpyxl import load_workbook  # imported here: only XLSX files need it

    if max_unpacked is not None and unpacked_size(data) > max_unpacked:
        raise FileError(
            _("The workbook unpacks to more than %(limit)s MB.") % {"limit": max_unpacked // 2**20}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError(_("This is not an XLSX workbook: %(error)s") % {"error": error}) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows()
    try:
        header = _header([str(cell.value or "") for cell in next(rows)])
    except StopIteration:
        raise FileError(_("The first sheet is empty.")) from None
    for number, row in enumerate(rows, start=2):
        cells: dict[str, str] = {}
        for name, cell in zip(header, row, strict=False):
            if cell.data_type == "f":
                cells[name] = "=" + str(cell.value).lstrip("=")  # rejected as a formula
            elif cell.value is None:
                cells[name] = ""
            elif isinstance(cell.value, float) and cell.value.is_integer():
                cells[name] = str(int(cell.value))
            else:
                cells[name] = str(cell.value)
        if any(value.strip() for value in cells.values()):
            yield number, cells
    workbook.close()


def write_csv(rows: Iterable[dict[str, str]], out: io.TextIOBase, *, header: bool = True) -> None:
    writer = csv.writer(out)
    if header:
        writer.writerow(NAMES)
    for row in rows:
        writer.writerow([neutralise(row[name]) for name in NAMES])


def write_xlsx(rows: Iterable[dict[str, str]], out: io.BufferedIOBase) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(NAMES)
    for row in rows:
        # Text cells only: openpyxl would store a leading "=" as a formula.
        sheet.append([neutralise(row[name]) for name in NAMES])
    workbook.save(out)


__all__ = ["EXPORT_ONLY", "FileError", "read_csv", "read_xlsx", "write_csv", "write_xlsx"]
