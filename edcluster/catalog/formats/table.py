"""The catalog's one tabular layout, shared by CSV and XLSX export and import.

One row per product; the header row names the columns below (any order; unknown names are
refused). Lists inside a cell are separated by ";", learning outcomes by line breaks. A cell that
would start a spreadsheet formula (=, +, -, @, tab, carriage return) is written with a leading
apostrophe, and a formula found on import rejects its row.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Product

LIST_SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# "-5", "+7 3822 …" and "- a list item" are data; "=SUM(…)", "@cmd" and "-cmd|…" are formulas.
FORMULA = re.compile(r"^(=|@|[+-][^\d\s.,]|[\t\r])")
FORMULA_FIRST = frozenset("=@+-\t\r")  # what a formula starts with: most cells are not checked


@dataclass(frozen=True)
class Column:
    name: str
    help: str


COLUMNS = [
    Column("source_system", "where the record comes from; with external_id, the import key"),
    Column("external_id", "the record's id in that system (for edcluster itself: the slug)"),
    Column("slug", "the product's address here (export only; ignored on import)"),
    Column("kind", "one of: " + ", ".join(Product.Kind.values)),
    Column("title_ru", "title in Russian (a title in one language at least)"),
    Column("title_en", "title in English"),
    Column("summary_ru", "summary in Russian"),
    Column("summary_en", "summary in English"),
    Column("description_ru", "description in Russian"),
    Column("description_en", "description in English"),
    Column("owners", "organization slugs separated by ';', the lead first"),
    Column("field", "ISCED-F 2013 code of the field of education, e.g. 0613"),
    Column("priority_areas", "list:number separated by ';', e.g. decree-529-2024:3"),
    Column("eqf_level", "EQF level 1-8"),
    Column("isced_level", "ISCED 2011 level 0-8"),
    Column("languages", "ISO 639-1 codes separated by ';', e.g. ru;en"),
    Column("mode", "one of: " + ", ".join(Product.Mode.values)),
    Column("duration_hours", "whole hours"),
    Column("duration_months", "whole months"),
    Column("ects_credits", "ECTS credits, e.g. 5 or 2.5"),
    Column("is_free", "yes or no"),
    Column("price", "price, with a dot for decimals"),
    Column("currency", "ISO 4217 code, e.g. RUB"),
    Column("target_audience_ru", "target audience in Russian"),
    Column("target_audience_en", "target audience in English"),
    Column("entry_requirements_ru", "entry requirements in Russian"),
    Column("entry_requirements_en", "entry requirements in English"),
    Column("certificate_ru", "certificate awarded, in Russian"),
    Column("certificate_en", "certificate awarded, in English"),
    Column("stage", "lifecycle stage, one of: " + ", ".join(Product.Stage.values)),
    Column("outcomes", "learning outcomes, one per line, in either language"),
    Column("status", "editorial status (export only; ignored on import)"),
]
NAMES = [column.name for column in COLUMNS]
EXPORT_ONLY = {"slug", "status"}
TEXT = [
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "description_ru",
    "description_en",
    "target_audience_ru",
    "target_audience_en",
    "entry_requirements_ru",
    "entry_requirements_en",
    "certificate_ru",
    "certificate_en",
]
INTEGERS = {
    "eqf_level": (1, 8),
    "isced_level": (0, 8),
    "duration_hours": (0, 100_000),
    "duration_months": (0, 240),
}
DECIMALS = {"ects_credits": (Decimal("1000"), 1), "price": (Decimal("1000000000"), 2)}
CHOICES = {"kind": Product.Kind, "mode": Product.Mode, "stage": Product.Stage}
CHOICE_VALUES = {name: frozenset(choices.values) for name, choices in CHOICES.items()}
TEXT_LIMITS = {name: getattr(Product._meta.get_field(name), "max_length", None) for name in TEXT}
YES = {"yes", "true", "1", "да"}
NO = {"no", "false", "0", "нет", ""}
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def neutralise(value: str) -> str:
    """A cell value a spreadsheet will show as text, never run as a formula (OWASP)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def is_formula(value: str) -> bool:
    return bool(FORMULA.match(value))


def _decimal_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def product_row(product: Product, *, source_system: str) -> dict[str, str]:
    """A product in the tabular layout (owners, areas, outcomes prefetched by the caller)."""
    row = {name: getattr(product, name) or "" for name in TEXT}
    row |= {
        "source_system": product.source_system or source_system,
        "external_id": product.external_id or product.slug,
        "slug": product.slug,
        "kind": product.kind,
        "owners": LIST_SEPARATOR.join(
            owner.organization.slug
            for owner in sorted(product.ownerships.all(), key=lambda o: (o.role != "lead", o.pk))
        ),
        "field": product.field.code if product.field else "",
        "priority_areas": LIST_SEPARATOR.join(
            f"{area.list}:{area.code}" for area in product.priority_areas.all()
        ),
        "languages": LIST_SEPARATOR.join(product.languages),
        "mode": product.mode,
        "is_free": "yes" if product.is_free else "no",
        "currency": product.currency,
        "stage": product.stage,
        "outcomes": "\n".join(outcome.text for outcome in product.outcomes.all()),
        "status": product.status,
    }
    for name in INTEGERS:
        value = getattr(product, name)
        row[name] = "" if value is None else str(value)
    for name in DECIMALS:
        row[name] = _decimal_text(getattr(product, name))
    return {name: row[name] for name in NAMES}


class RowError(Exception):
    def __init__(self, field: str, reason) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, str(reason)


def _integer(name: str, text: str) -> int | None:
    if not text:
        return None
    low, high = INTEGERS[name]
    if not re.fullmatch(r"\d{1,7}", text) or not low <= int(text) <= high:
        raise RowError(
            name, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return int(text)


def _decimal(name: str, text: str) -> Decimal | None:
    if not text:
        return None
    limit, places = DECIMALS[name]
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise RowError(name, _("Give a number such as 12.5.")) from None
    exponent = value.as_tuple().exponent
    if (
        not value.is_finite()
        or value < 0
        or value >= limit
        or (isinstance(exponent, int) and -exponent > places)
    ):
        raise RowError(
            name,
            _("Give a number from 0 below %(limit)s with at most %(places)s decimals.")
            % {"limit": limit, "places": places},
        )
    return value


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


@dataclass
class ParsedRow:
    """A row's values as the model takes them, with references still as names. Only the columns
    the file has are here (None: absent), so a file with a few columns updates just those."""

    key: tuple[str, str]
    fields: dict
    owners: list[str] | None
    field_code: str | None
    areas: list[tuple[str, str]] | None
    outcomes: list[tuple[str, str]] | None
    stage: str


def _text(cells: dict[str, str], fields: dict) -> None:
    for name in TEXT:
        if name in cells:
            limit = TEXT_LIMITS[name]
            if limit and len(cells[name]) > limit:
                raise RowError(name, _("At most %(limit)s characters.") % {"limit": limit})
            fields[name] = cells[name]


def _choices(cells: dict[str, str], fields: dict) -> None:
    for name, choices in CHOICES.items():
        value = cells.get(name, "")
        if value and value not in CHOICE_VALUES[name]:
            message = _("Unknown value “%(value)s”; use one of: %(choices)s.")
            choices_text = ", ".join(choices.values)
            raise RowError(name, message % {"value": value[:50], "choices": choices_text})
        if name in cells and name != "stage" and (value or name == "mode"):
            fields[name] = value


def _numbers(cells: dict[str, str], fields: dict) -> None:
    for name in INTEGERS:
        if name in cells:
            fields[name] = _integer(name, cells[name])
    for name in DECIMALS:
        if name in cells:
            fields[name] = _decimal(name, cells[name])
    if "is_free" in cells:
        free = cells["is_free"].casefold()
        if free not in YES | NO:
            raise RowError("is_free", _("Write yes or no."))
        fields["is_free"] = free in YES
    if "currency" in cells:
        fields["currency"] = cells["currency"].upper()
        if fields["currency"] and not re.fullmatch(r"[A-Z]{3}", fields["currency"]):
            raise RowError("currency", _("Use a three-letter ISO 4217 code, e.g. RUB."))


def _lists(cells: dict[str, str], fields: dict) -> tuple[list | None, list | None]:
    if "languages" in cells:
        languages = [code.lower() for code in _split(cells["languages"].replace(",", ";"))]
        if any(not re.fullmatch(r"[a-z]{2}", code) for code in languages):
            raise RowError("languages", _("List two-letter ISO 639-1 codes, e.g. ru;en."))
        fields["languages"] = list(dict.fromkeys(languages))
    areas = None
    if "priority_areas" in cells:
        areas = []
        for item in _split(cells["priority_areas"]):
            area_list, _colon, code = item.rpartition(":")
            if not area_list or not code:
                raise RowError("priority_areas", _("Write list:number, e.g. decree-529-2024:3."))
            areas.append((area_list, code))
    outcomes = None
    if "outcomes" in cells:
        outcomes = [
            (line.strip(), "ru" if CYRILLIC.search(line) else "en")
            for line in cells["outcomes"].splitlines()
            if line.strip()
        ]
        if any(len(text) > 1000 for text, _language in outcomes):
            raise RowError("outcomes", _("A learning outcome is at most 1000 characters."))
    return areas, outcomes


def parse_row(raw: dict[str, str], *, source_system: str, spreadsheet: bool = True) -> ParsedRow:
    """Check and convert one row of the layout; raises RowError naming the first bad column.
    Cells of a spreadsheet (CSV, XLSX) may not hold formulas; JSON formats have no formulas."""
    for name, value in raw.items() if spreadsheet else ():
        if value and value[0] in FORMULA_FIRST and is_formula(value):
            raise RowError(name, _("A spreadsheet formula is not data; write the value."))
    cells = {name: (raw[name] or "").strip() for name in NAMES if name in raw}
    for name, value in cells.items() if spreadsheet else ():
        if value.startswith("'") and value[1:].startswith(FORMULA_START):
            cells[name] = value[1:]  # our own export's neutralised text
    if not cells.get("external_id"):
        raise RowError("external_id", _("Every row needs an external id (the import key)."))
    fields: dict = {}
    _text(cells, fields)
    _choices(cells, fields)
    _numbers(cells, fields)
    areas, outcomes = _lists(cells, fields)
    return ParsedRow(
        key=(cells.get("source_system") or source_system, cells["external_id"][:200]),
        fields=fields,
        owners=_split(cells["owners"]) if "owners" in cells else None,
        field_code=cells.get("field"),
        areas=areas,
        outcomes=outcomes,
        stage=cells.get("stage", ""),
    )


def check_product(product: Product) -> None:
    """The model's own rules on the product as the row leaves it."""
    if not product.kind:
        raise RowError("kind", _("Say what kind of product this is."))
    try:
        product.clean()
    except ValidationError as error:
        name, reasons = next(iter(error.message_dict.items()))
        raise RowError(name, reasons[0]) from None
