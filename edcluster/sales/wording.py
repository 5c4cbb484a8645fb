"""How sales figures read to people: a quantity with its unit in the right plural («11 часов»,
«2,5 часа»), a quarter («I кв. 2024», "Q1 2024") and a buyer's place (a foreign buyer is
abroad, not missing a region)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext
from django_countries import countries

RUSSIA = "RU"


def _unit(unit: str, count: int) -> str:
    if unit == "seats":
        return npgettext("sales unit", "%(quantity)s seat", "%(quantity)s seats", count)
    if unit == "learners":
        return npgettext("sales unit", "%(quantity)s learner", "%(quantity)s learners", count)
    if unit == "licences":
        return npgettext("sales unit", "%(quantity)s licence", "%(quantity)s licences", count)
    if unit == "hours":
        return npgettext("sales unit", "%(quantity)s hour", "%(quantity)s hours", count)
    return "%(quantity)s " + unit


def quantity_text(quantity, unit: str) -> str:
    """The quantity in the page's language with its unit in the plural its number asks for.
    A fraction takes the form of 2 («2,5 часа», "2.5 hours"), as both languages write it."""
    value = Decimal(str(quantity))
    whole = value == value.to_integral_value()
    shown = number_format(int(value) if whole else value.normalize(), use_l10n=True)
    count = int(value) if whole else 2
    return _unit(unit, count) % {"quantity": shown}


QUARTERS = {
    1: lambda year: pgettext("quarter of a year", "Q1 %(year)s") % {"year": year},
    2: lambda year: pgettext("quarter of a year", "Q2 %(year)s") % {"year": year},
    3: lambda year: pgettext("quarter of a year", "Q3 %(year)s") % {"year": year},
    4: lambda year: pgettext("quarter of a year", "Q4 %(year)s") % {"year": year},
}


def quarter_text(key: str) -> str:
    """A quarter keyed "2024-Q1" as people read it: «I кв. 2024», "Q1 2024"."""
    year, _sep, quarter = key.partition("-Q")
    return QUARTERS[int(quarter)](year) if quarter.isdigit() and int(quarter) in QUARTERS else key


def place_text(country: str, region: str) -> str:
    """A buyer's place: a region of Russia (or that it was not given), or abroad and where."""
    if str(country) == RUSSIA:
        return region or _("Russia, region not given")
    name = str(countries.name(str(country)) or country)
    if region:
        return _("abroad: %(country)s, %(region)s") % {"country": name, "region": region}
    return _("abroad: %(country)s") % {"country": name}
