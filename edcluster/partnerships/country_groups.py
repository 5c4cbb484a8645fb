"""The Asia-Pacific country groups (UN M49 subregions), read from data/un_m49_apac/."""

import csv
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

GROUPS = {
    "apac": _("Asia-Pacific (all four)"),
    "east": _("East Asia"),
    "south_east": _("South-East Asia"),
    "south": _("South Asia"),
    "oceania": _("Oceania"),
}


@cache
def _table() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    with (settings.DATA_DIR / "un_m49_apac" / "country_groups.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            groups.setdefault(row["group"], set()).add(row["country"])
    table = {name: frozenset(countries) for name, countries in groups.items()}
    table["apac"] = frozenset().union(*table.values())
    return table


def countries_of_group(group: str) -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of a group (empty for an unknown one)."""
    return _table().get(group, frozenset())


def group_of_country(country: str) -> str:
    """The subregion a country is in, or ""."""
    return next(
        (name for name, codes in _table().items() if name != "apac" and country in codes), ""
    )
