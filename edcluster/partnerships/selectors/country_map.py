"""Figures per partner country for the map page, its downloads and the API.

A country's figures come from *sources*, each counting its figures for every country at once in
one or two queries (never one per country). This app's source counts partners, agreements by
status and mobility quotas; a higher app (`projects`: joint programmes, laboratories) adds its
figures by registering a `Source` from its `AppConfig.ready` (`register(Source(...))`, from
`partnerships.selectors.country_map`), with no change here, its `note` saying how it counts.
A figure counts for the country of each foreign party: an agreement with partners in two
countries counts in both (the totals count it once).

Every map is counted when asked (no cache to make stale): this app's figures are grouped from
the summary its services keep in the transaction of each change (`services.map_summary`), a few
rows per agreement, so a map reads a few grouped queries over small tables."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_of
from edcluster.core.selectors import is_operator
from edcluster.organizations.models import Organization
from edcluster.partnerships.country_groups import GROUPS, countries_of_group, group_of_country
from edcluster.partnerships.models import Agreement, AgreementParty, MapPartner, MapQuota
from edcluster.partnerships.selectors import FOREIGN_KINDS, can_read_partners


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


def _counted_rows(viewer, filters: MapFilters) -> tuple[list[CountryRow], dict[str, int]]:
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
    return rows, {key: totals[key] for key in keys}


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
    rows, totals = _counted_rows(viewer, filters)
    return CountryMap(columns(), rows, totals)


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


@dataclass(frozen=True)
class _Scope:
    """Whose agreements count, as ids read beforehand: as constants in the counting queries,
    PostgreSQL plans with the statistics of *this* member (a big keeper's 4,377 agreements,
    not the average organization's 9, which it had planned as 4,377 nested loops)."""

    organizations: tuple[int, ...] | None  # the viewer's (None: an operator reads all)
    owner: int | None  # the member filter's (None: any)


def _scope(viewer, filters: MapFilters) -> _Scope:
    organizations = None
    if not is_operator(user=viewer):
        mine = organization_ids_of(user=viewer).values_list("organization_id", flat=True)
        organizations = tuple(mine)
    owner = None
    if filters.member:
        found = Organization.objects.filter(slug=filters.member).values_list("pk", flat=True)
        owner = found.first() or 0  # an unknown member keeps nothing
    return _Scope(organizations, owner)


def _kept(rows: QuerySet, scope: _Scope, filters: MapFilters) -> QuerySet:
    """The summary's rows (`MapPartner`, `MapQuota`) of the agreements the viewer may read
    that the kind, member and year keep."""
    if scope.organizations is not None:
        mine = AgreementParty.objects.filter(organization_id__in=scope.organizations)
        rows = rows.filter(agreement_id__in=mine.values("agreement_id"))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if scope.owner is not None:
        rows = rows.filter(owner_id=scope.owner)
    if filters.year:
        start, end = date(filters.year, 1, 1), date(filters.year, 12, 31)
        rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end)
    return rows.order_by()


def _count_agreements(*, viewer, filters: MapFilters) -> Counted:
    """Four grouped queries over the map's summary (`services.map_summary`), whatever the
    number of agreements and countries; Python only adds up a few hundred groups."""
    counted = Counted()
    scope = _scope(viewer, filters)
    partners = _kept(MapPartner.objects.all(), scope, filters)
    if filters.group:
        partners = partners.filter(country__in=countries_of_group(filters.group))
    _count_partners(counted, partners, filters)
    _count_by_status(counted, partners, filters)
    _count_quotas(counted, scope, filters)
    return counted


def _count_partners(counted: Counted, parties: QuerySet, filters: MapFilters) -> None:
    """Every partner of the directory, or with a kind, member or year only those party to such
    an agreement (a partner is in one country: the total is the sum)."""
    if filters.narrows:
        rows = parties.values_list("country").annotate(n=Count("partner_id", distinct=True))
    else:
        partners = Organization.objects.filter(kind__in=FOREIGN_KINDS)
        if filters.group:
            partners = partners.filter(country__in=countries_of_group(filters.group))
        rows = partners.order_by().values_list("country").annotate(n=Count("pk"))
    for country, number in rows:
        counted.by_country[country]["partners"] = number
        counted.totals["partners"] += number


def _count_by_status(counted: Counted, parties: QuerySet, filters: MapFilters) -> None:
    """Agreements by country and status, then by status over all countries (an agreement with
    partners in two countries counts in both, once in the totals): summed from the rows marked
    as the agreement's first in its country, and in all (with a region, counted DISTINCT: the
    first row may be outside it)."""
    rows = parties.values_list("country", "status").annotate(n=Sum("in_country"))
    for country, status, number in rows:
        counted.by_country[country][status] += number
        counted.by_country[country]["agreements"] += number
    once = Count("agreement_id", distinct=True) if filters.group else Sum("in_total")
    everywhere = parties.values_list("status").annotate(n=once)
    for status, number in everywhere:
        counted.totals[status] += number
        counted.totals["agreements"] += number


def _count_quotas(counted: Counted, scope: _Scope, filters: MapFilters) -> None:
    """Quotas of each agreement's version in effect (else its newest), use of any version;
    with a year, only conditions covering its academic year and the use in it. A figure counts
    for each foreign side's country (once when both are in one), once in the total, and never
    for a member's own country."""
    rows = _kept(MapQuota.objects.filter(academic_year=filters.academic_year), scope, filters)
    group = countries_of_group(filters.group) if filters.group else None
    if group is not None:
        rows = rows.filter(Q(country__in=group) | Q(other_country__in=group))
    sums = rows.values_list("country", "other_country").annotate(q=Sum("quota"), u=Sum("used"))
    for country, other, quota, used in sums:
        found = {country, other} - {""}
        for where in found if group is None else found & set(group):
            counted.by_country[where]["quota"] += quota or 0
            counted.by_country[where]["used"] += used or 0
        counted.totals["quota"] += quota or 0
        counted.totals["used"] += used or 0


register(Source(AGREEMENT_COLUMNS, _count_agreements))
