"""Reading and checking job-posting rows from CSV and JSON Lines, in batches.

No database and no Django set-up: the reader process (see ingest_reader) imports only this, and
starts in a tenth of a second instead of the 1.5 s of CPU that setting Django up took (an eighth
of a 200,000-row ingestion). So a rejected row's reason is kept as its message id and values,
and the ingesting process translates it (`reason`) in the run's language.
"""

import csv
import io
import json
import marshal
import re
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from hashlib import blake2b
from operator import itemgetter
from typing import Any

from edcluster.core.counts import RunCounts
from edcluster.core.text import collapse_spaces

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
ERRORS_KEPT = 1000
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
csv.field_size_limit(64 * 1024 * 1024)  # a huge field is read, then refused with its reason


class RowError(ValueError):
    """A row's value refused: the field, the message (a message id, marked for translation, with
    %-format values) as `reason` gives it in the active language."""

    def __init__(self, field: str, message: str, values: dict | None = None) -> None:
        super().__init__(message)
        self.field, self.message, self.values = field, message, values

    @property
    def reason(self) -> str:
        return reason(self.message, self.values)


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (whose keyword this is) and leaves it as it is:
    Django's own gettext_noop reads the settings, which the reader process does not load."""
    return message


def reason(message: str, values: dict | None = None) -> str:
    """A message of a rejected row in the active language (a message not marked for
    translation, such as the csv module's, as it is). In the ingesting process only."""
    from django.utils.translation import gettext

    text = gettext(message)
    return text % values if values else text


def key64(text: str) -> int:
    """A signed 64-bit key of the text (BLAKE2b), as stored in a BigIntegerField."""
    digest = blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def normalised_hash(text: str) -> int:
    """The key of a text with case and spacing aside: the same posting under another id."""
    if text.isprintable() and "  " not in text:  # single ASCII spaces only: nothing to undo
        return key64(text.casefold())
    return key64(collapse_spaces(text.casefold()))  # case only: ё stays, as stored keys have it


# --- reading -------------------------------------------------------------------------------


@dataclass(slots=True)
class Record:
    line: int
    values: dict | None  # None: the line could not be read (error says why)
    error: RowError | None = None


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
                number,
                None,
                RowError("line", gettext_noop("Not valid JSON: %(error)s"), {"error": str(error)}),
            )
            continue
        if not isinstance(value, dict):
            yield Record(
                number, None, RowError("line", gettext_noop("Each line must be a JSON object."))
            )
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
        raise RowError(name, gettext_noop("Must be text."))
    value = value.strip()
    if "\x00" in value:
        raise RowError(name, gettext_noop("Null characters are not allowed."))
    limit = LIMITS.get(name)
    if limit and len(value) > limit:
        raise RowError(
            name,
            gettext_noop("Longer than %(limit)s characters (%(length)s)."),
            {"limit": f"{limit:,}", "length": f"{len(value):,}"},
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
        raise RowError(
            name, gettext_noop("Not a number: %(value)s"), {"value": raw[:50]}
        ) from error
    if not amount.is_finite() or amount < 0 or amount >= 10**12:
        raise RowError(name, gettext_noop("Must be between 0 and 999,999,999,999."))
    return amount.quantize(CENTS)


def _posted(values: dict) -> str | None:
    """The posting's date as YYYY-MM-DD, or None."""
    posted = values.get("posted_at")
    if posted.__class__ is str and len(posted) == 10 and posted[4] == posted[7] == "-":
        try:  # the common case, YYYY-MM-DD: checked, and kept as it is
            date.fromisoformat(posted)
            return posted
        except ValueError:
            pass
    if posted:
        posted = _text(values, "posted_at")
    if not posted:
        return None
    found = DATE.match(posted)
    try:
        if found:
            return date(*map(int, found.groups())).isoformat()
    except ValueError:
        pass
    raise RowError("posted_at", gettext_noop("Use a date like 2026-11-28."))


TEXTS = tuple(
    (name, LIMITS[name])
    for name in ("external_id", "title", "text", "employer", "region", "city", "url")
)


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
            raise RowError(name, gettext_noop("Required."))
    row["posted_at"] = _posted(values)
    row["salary_from"], row["salary_to"] = (
        _money(values, "salary_from"),
        _money(values, "salary_to"),
    )
    if row["salary_from"] and row["salary_to"] and row["salary_from"] > row["salary_to"]:
        raise RowError("salary_to", gettext_noop("Smaller than salary_from."))
    currency = values.get("currency")
    row["currency"] = (
        currency.strip().upper()
        if currency.__class__ is str and len(currency) <= 10
        else _text(values, "currency").upper()
    )
    if row["currency"] and not CURRENCY.match(row["currency"]):
        raise RowError("currency", gettext_noop("Use a three-letter ISO 4217 code, e.g. RUB."))
    if row["region"] == "*":
        raise RowError("region", gettext_noop("Not a region's name."))
    if row["url"] and not row["url"].startswith(("http://", "https://")):
        raise RowError("url", gettext_noop("Use an http:// or https:// address."))
    row["text_hash"] = normalised_hash(row["text"])
    row["content_hash"] = key64(
        "\x1f".join(
            [
                row["external_id"],
                row["title"],
                row["text"],
                row["employer"],
                row["region"],
                row["city"],
                str(row["posted_at"] or ""),
                str(row["salary_from"] or ""),
                str(row["salary_to"] or ""),
                row["currency"],
                row["url"],
            ]
        )
    )
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
class Prepared:
    """A batch read and checked, before the database is asked anything (the reader process's
    part): the good rows by external id, each as its values of the columns VALUES names, the
    counts so far and the rejected rows."""

    rows: dict[str, tuple[int, tuple]]
    tally: RunCounts  # of the rows so far: _store sorts the good ones
    errors: list[tuple]  # (line, field, message, values): see `reason`
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
        return cls(by_id, RunCounts(*tally), errors, size, position)


def prepare(records: list[Record], position: int = 0) -> Prepared:
    rows: dict[str, tuple[int, tuple]] = {}
    tally, errors = RunCounts(), list[tuple]()
    for record in records:
        try:
            if record.error:
                raise record.error
            row = clean_row(record.values or {})
        except RowError as error:
            tally.rejected += 1
            if len(errors) < ERRORS_KEPT:
                errors.append((record.line, error.field, error.message, error.values))
            continue
        if row["external_id"] in rows:  # the same id twice in a batch: the later row wins
            tally.unchanged += 1
        rows[row["external_id"]] = (record.line, VALUES_OF(row))
    return Prepared(rows, tally, errors, len(records), position)


def read_batches(
    path: str, format: str, checkpoint: int, size: int, batch_size: int, limit: int | None = None
) -> Iterator[Prepared]:
    """The file's batches after the first `checkpoint` records, read and checked; with a
    `limit`, only that many full batches (the rest of the file is left to another reader).
    `format` is "jsonl" or "csv" (IngestRun.Format)."""
    with open(path, "rb") as opened:
        reader = read_jsonl if format == "jsonl" else read_csv
        records = reader(opened)  # type: ignore[arg-type]
        for _skipped in range(checkpoint):
            next(records, None)
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) == batch_size:
                yield prepare(batch, opened.tell())
                batch = []
                if limit is not None:
                    limit -= 1
                    if limit == 0:
                        return
        yield prepare(batch, size)
