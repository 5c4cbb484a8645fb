"""Figures per partner country for the map page, its downloads and the API.

A country's figures come from *sources*, each counting its figures for every country at once in
one or two queries (never one per country). This app's source counts partners, agreements by
status and mobility quotas; a higher app (`projects`: joint programmes, laboratories) adds its
figures by registering a `Source` from its `AppConfig.ready` (`register(Source(...))`, from
`partnerships.selectors.country_map`), with no change here, its `note` saying how it counts.
A figure counts for the country of each foreign party: an agreement with partners in two
countries counts in both (the totals count it once)."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from edcluster.organizations.models import Organization
from edcluster.partnerships.country_groups import GROUPS, countries_of_group, group_of_country
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
)
from edcluster.partnerships.selectors import FOREIGN_KINDS, agreement_visible, can_read_partners


@dataclass(frozen=True)
class MapFilters:
    group: str = ""  # an APAC subregion (country_groups.GROUPS)
    kind: str = ""  # Agreement.Kind
    member: str = ""  # the keeping member's slug
    year: int | None = None  # agreements valid at some time in that calendar year

    @property
    def narrows(self) -> bool:
        """Whether only some agreements count (and so only their partners)."""
        return bool(self.kind or self.member or self.year)

    @property
    def academic_year(self) -> str:
        """The academic year starting in the year chosen (quotas and their use)."""
        return f"{self.year}/{self.year + 1}" if self.year else ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise


@dataclass
class Counted:
    """A source's figures: by ISO 3166-1 alpha-2 country, and over all countries."""

    by_country: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    totals: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Source:
    columns: tuple[Column, ...]
    count: Callable[..., Counted]  # (viewer=, filters=) -> Counted, in a bounded query count
    note: str | Promise = ""  # how it counts, under "How the figures are counted"


@dataclass(frozen=True)
class CountryRow:
    country: str  # alpha-2
    numeric: str  # ISO 3166-1 numeric, zero-padded ("156"), as world-atlas names its shapes
    name: str  # in the active language
    group: str
    values: dict[str, int]

    @property
    def group_label(self) -> str:
        return str(GROUPS.get(self.group, ""))


@dataclass(frozen=True)
class CountryMap:
    columns: list[Column]
    rows: list[CountryRow]
    totals: dict[str, int]


_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Add a source of figures (once: a second registration of the same columns is ignored)."""
    keys = {column.key for column in source.columns}
    if not any(keys & {column.key for column in known.columns} for known in _SOURCES):
        _SOURCES.append(source)


def columns() -> list[Column]:
    return [column for source in _SOURCES for column in source.columns]


def notes() -> list[str | Promise]:
    """How each source counts, in the order of the columns."""
    return [source.note for source in _SOURCES if source.note]


def country_map(*, viewer, filters: MapFilters) -> CountryMap:
    """The figures of every country with any, most agreements first (PermissionDenied for who
    may not read partners)."""
    if not can_read_partners(user=viewer):
        raise PermissionDenied
    merged: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for source in _SOURCES:
        counted = source.count(viewer=viewer, filters=filters)
        for country, figures in counted.by_country.items():
            merged[country].update(figures)
        totals.update(counted.totals)
    keys = [column.key for column in columns()]
    rows = [_row(country, figures, keys) for country, figures in merged.items() if country]
    rows.sort(key=lambda row: (-row.values.get("agreements", 0), row.name))
    return CountryMap(columns(), rows, {key: totals[key] for key in keys})


def _row(country: str, figures: Counter, keys: list[str]) -> CountryRow:
    numeric = countries.numeric(country, padded=True) or ""
    name = str(countries.name(country)) or country
    return CountryRow(
        country, numeric, name, group_of_country(country), {k: figures[k] for k in keys}
    )


# This app's source: partners, agreements by status, mobility quotas ----------------------

# Column heads: how many agreements of a country are in each status.
STATUS_COLUMNS = {
    Agreement.Status.DRAFT: pgettext_lazy("agreements of a country", "Drafts"),
    Agreement.Status.AWAITING: pgettext_lazy("agreements of a country", "Awaiting signatures"),
    Agreement.Status.IN_EFFECT: pgettext_lazy("agreements of a country", "In effect"),
    Agreement.Status.EXPIRED: pgettext_lazy("agreements of a country", "Expired"),
    Agreement.Status.TERMINATED: pgettext_lazy("agreements of a country", "Terminated"),
}
AGREEMENT_COLUMNS = (
    Column("partners", _("Partners")),
    Column("agreements", _("Agreements")),
    *(Column(status.value, label) for status, label in STATUS_COLUMNS.items()),
    Column("quota", _("Mobilities per year (quota)")),
    Column("used", _("Mobilities used")),
)


def matching_agreements(*, viewer, filters: MapFilters) -> QuerySet[Agreement]:
    """The agreements the viewer may read that the filters keep (not evaluated: a subquery)."""
    agreements = agreement_visible(viewer=viewer)
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.member:
        agreements = agreements.filter(owner__slug=filters.member)
    if filters.year:
        start, end = date(filters.year, 1, 1), date(filters.year, 12, 31)
        agreements = agreements.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=start),
            Q(terminated_on__isnull=True) | Q(terminated_on__gte=start),
            valid_from__lte=end,
        )
    return agreements


def _in_group(country: str, filters: MapFilters) -> bool:
    return not filters.group or country in countries_of_group(filters.group)


def _count_agreements(*, viewer, filters: MapFilters) -> Counted:
    """Two queries: the foreign parties of the matching agreements (and, unless a kind, member
    or year narrows them, every partner of the directory, in the same query), and the
    conditions of those agreements with their use."""
    agreements = matching_agreements(viewer=viewer, filters=filters)
    counted = Counted()
    partners: dict[str, set[int]] = defaultdict(set)
    seen: dict[str, set[tuple[str, int]]] = defaultdict(set)
    parties = AgreementParty.objects.filter(
        agreement__in=agreements, organization__kind__in=FOREIGN_KINDS
    )
    directory = Organization.objects.filter(kind__in=FOREIGN_KINDS)
    if filters.group:
        group = countries_of_group(filters.group)
        parties = parties.filter(organization__country__in=group)
        directory = directory.filter(country__in=group)
    rows = parties.order_by().values_list(
        "organization_id", "organization__country", "agreement_id", "agreement__status"
    )
    if not filters.narrows:  # every partner counts, with or without an agreement: one UNION
        nothing = (Value(None, IntegerField()), Value(None, CharField()))
        rows = rows.union(
            directory.order_by().values_list("pk", "country", *nothing), all=True
        ).order_by()
    for partner_id, country, agreement_id, status in rows:
        if agreement_id is not None:
            seen[country].add((status, agreement_id))
        partners[country].add(partner_id)
    for country, ids in partners.items():
        counted.by_country[country]["partners"] = len(ids)
    counted.totals["partners"] = len(set().union(*partners.values()))
    _tally_agreements(counted, seen)
    _count_quotas(counted, agreements, filters)
    return counted


def _tally_agreements(counted: Counted, seen: dict[str, set[tuple[str, int]]]) -> None:
    everywhere: set[tuple[str, int]] = set().union(*seen.values())
    for country, pairs in seen.items():
        counted.by_country[country].update(status for status, _id in pairs)
        counted.by_country[country]["agreements"] = len(pairs)
    counted.totals.update(status for status, _id in everywhere)
    counted.totals["agreements"] = len(everywhere)


def _count_quotas(counted: Counted, agreements: QuerySet, filters: MapFilters) -> None:
    """Quotas of each agreement's version in effect (else its newest), use of any version;
    with a year, only conditions covering its academic year and the use in it."""
    conditions = CooperationCondition.objects.filter(version__agreement__in=agreements)
    used = Q()
    if filters.year:
        year = filters.academic_year
        conditions = conditions.filter(first_year__lte=year, last_year__gte=year)
        used = Q(quota_uses__academic_year=year)
    rows = conditions.values_list(
        "pk",  # one row per condition (the use is summed over its years)
        "sending_party__organization__country",
        "sending_party__organization__kind",
        "receiving_party__organization__country",
        "receiving_party__organization__kind",
        "mobilities_per_year",
    ).annotate(
        counts=ExpressionWrapper(
            Q(version__number=Coalesce(_newest_version(approved=True), _newest_version())),
            output_field=BooleanField(),
        ),
        used=Sum("quota_uses__used", filter=used),
    )
    for _pk, *sides, quota, counts, use in rows:
        found = _foreign_countries(sides, filters)
        for country in found:
            counted.by_country[country]["quota"] += quota if counts else 0
            counted.by_country[country]["used"] += use or 0
        if found:
            counted.totals["quota"] += quota if counts else 0
            counted.totals["used"] += use or 0


def _newest_version(*, approved: bool = False) -> Subquery:
    """The number of the condition's agreement's newest (approved) version, in the query."""
    versions = AgreementVersion.objects.filter(agreement=OuterRef("version__agreement"))
    if approved:
        versions = versions.filter(approved_at__isnull=False)
    return Subquery(versions.order_by("-number").values("number")[:1])


def _foreign_countries(sides: list, filters: MapFilters) -> set[str]:
    """The countries of a condition's foreign sides (a member's own country never counts)."""
    sending_country, sending_kind, receiving_country, receiving_kind = sides
    return {
        country
        for country, kind in ((sending_country, sending_kind), (receiving_country, receiving_kind))
        if kind in FOREIGN_KINDS and _in_group(country, filters)
    }


register(Source(AGREEMENT_COLUMNS, _count_agreements))
