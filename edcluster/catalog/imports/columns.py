"""The import layout's columns as the import page documents them (in the reader's language),
and the template file: the header row and one example row."""

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.catalog.formats.table import EXPORT_ONLY, NAMES
from edcluster.catalog.models import Product
from edcluster.core.tables import ColumnDoc
from edcluster.organizations.models import PriorityArea

ALWAYS = pgettext_lazy("import column", "required")
NEW = pgettext_lazy("import column", "for a new product")
NO = pgettext_lazy("import column", "no")
OWNERS = pgettext_lazy("import column", "for a new product, unless the form names a default")
IGNORED = pgettext_lazy("import column", "ignored on import")


def _interpolated(text: object, values: dict) -> str:
    return str(text) % {name: str(value) for name, value in values.items()}


interpolated = lazy(_interpolated, str)  # formatted when shown, in the reader's language
LIST = _("several values separated by “;”")


def _text(name: str, what: Promise) -> ColumnDoc:
    language = name.rpartition("_")[2]
    text = _("%(what)s in Russian.") if language == "ru" else _("%(what)s in English.")
    return ColumnDoc(name, NO, interpolated(text, {"what": what}))


DOCS = [
    ColumnDoc(
        "source_system",
        NO,
        _(
            "The system the records come from; with external_id, the import key. "
            "Empty: the form's source system."
        ),
    ),
    ColumnDoc(
        "external_id",
        ALWAYS,
        _(
            "The record's id in that system: a file imported again updates the products "
            "with the same key."
        ),
    ),
    ColumnDoc(
        "slug", IGNORED, _("The product's address here: written by the export, ignored on import.")
    ),
    ColumnDoc("kind", NEW, _("The kind of product, one of:"), tuple(Product.Kind.choices)),
    ColumnDoc("title_ru", NEW, _("Title in Russian; a title in one language at least.")),
    ColumnDoc("title_en", NEW, _("Title in English; a title in one language at least.")),
    _text("summary_ru", pgettext_lazy("import column", "Summary")),
    _text("summary_en", pgettext_lazy("import column", "Summary")),
    _text("description_ru", pgettext_lazy("import column", "Description")),
    _text("description_en", pgettext_lazy("import column", "Description")),
    ColumnDoc(
        "owners",
        OWNERS,
        interpolated(
            _(
                "Slugs of the owning organizations (as in their addresses), the lead first; "
                "%(list)s."
            ),
            {"list": LIST},
        ),
    ),
    ColumnDoc(
        "field", NO, _("ISCED-F 2013 code of the field of education, four digits, e.g. 0613.")
    ),
    ColumnDoc(
        "priority_areas",
        NO,
        interpolated(
            _("Priority areas as list:number, %(list)s, e.g. decree-529-2024:3. The lists:"),
            {"list": LIST},
        ),
        tuple(PriorityArea.List.choices),
    ),
    ColumnDoc("eqf_level", NO, _("EQF level, a whole number from 1 to 8.")),
    ColumnDoc("isced_level", NO, _("ISCED 2011 level, a whole number from 0 to 8.")),
    ColumnDoc(
        "languages",
        NO,
        interpolated(
            _("Languages of teaching as two-letter ISO 639-1 codes, %(list)s, e.g.:"),
            {"list": LIST},
        ),
        (
            ("ru", pgettext_lazy("language", "Russian")),
            ("en", pgettext_lazy("language", "English")),
        ),
    ),
    ColumnDoc("mode", NO, _("How it is taught, one of:"), tuple(Product.Mode.choices)),
    ColumnDoc("duration_hours", NO, _("Duration in whole hours.")),
    ColumnDoc("duration_months", NO, _("Duration in whole months, up to 240.")),
    ColumnDoc("ects_credits", NO, _("ECTS credits, with a dot for decimals, e.g. 5 or 2.5.")),
    ColumnDoc(
        "is_free",
        NO,
        _("Whether it is free:"),
        (("yes", _("yes (also: да, true, 1)")), ("no", _("no (also: нет, false, 0, empty)"))),
    ),
    ColumnDoc(
        "price", NO, _("Price, with a dot for decimals and at most two of them, e.g. 1500.50.")
    ),
    ColumnDoc("currency", NO, _("Currency of the price, a three-letter ISO 4217 code, e.g. RUB.")),
    _text("target_audience_ru", pgettext_lazy("import column", "Target audience")),
    _text("target_audience_en", pgettext_lazy("import column", "Target audience")),
    _text("entry_requirements_ru", pgettext_lazy("import column", "Entry requirements")),
    _text("entry_requirements_en", pgettext_lazy("import column", "Entry requirements")),
    _text("certificate_ru", pgettext_lazy("import column", "Certificate awarded")),
    _text("certificate_en", pgettext_lazy("import column", "Certificate awarded")),
    ColumnDoc(
        "stage",
        NO,
        _("Lifecycle stage (a new product without one is an idea), one of:"),
        tuple(Product.Stage.choices),
    ),
    ColumnDoc(
        "outcomes",
        NO,
        _("Learning outcomes, one per line (line breaks inside the cell), in either language."),
    ),
    ColumnDoc(
        "status",
        IGNORED,
        _(
            "The editorial status: written by the export, ignored on import "
            "(new products are drafts)."
        ),
    ),
]
IMPORTED = [name for name in NAMES if name not in EXPORT_ONLY]
assert [doc.name for doc in DOCS] == NAMES, "every column is documented, in the layout's order"

EXAMPLE = {
    "source_system": "",  # the form's
    "external_id": "course-101",
    "kind": "upskilling",
    "title_ru": "Анализ данных на Python",
    "title_en": "Data analysis with Python",
    "summary_ru": "Практический курс для инженеров",
    "summary_en": "A hands-on course for engineers",
    "owners": "",  # the reader's organization, when they have one (template_rows)
    "field": "0613",
    "priority_areas": "decree-899-2011:3",
    "eqf_level": "5",
    "languages": "ru;en",
    "mode": "blended",
    "duration_hours": "72",
    "is_free": "no",
    "price": "15000",
    "currency": "RUB",
    "target_audience_ru": "Инженеры и технологи",
    "target_audience_en": "Engineers and technologists",
    "certificate_ru": "Удостоверение о повышении квалификации",
    "certificate_en": "Certificate of professional development",
    "stage": "pilot",
    "outcomes": "Готовит данные к анализу\nBuilds regression models",
}


def template_rows(*, owner: str = "") -> tuple[list[str], list[list[str]]]:
    """The template file's header and its one example row (owned by `owner`, a slug)."""
    example = EXAMPLE | {"owners": owner}
    return IMPORTED, [[example.get(name, "") for name in IMPORTED]]
