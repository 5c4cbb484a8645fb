"""Figures per partner country for the map page, its downloads and the API.

A country's figures come from *sources*, each counting its figures for every country at once in
one or two queries (never one per country). This app's source counts partners, agreements by
status and mobility quotas; a higher app (`projects`: joint programmes, laboratories) adds its
figures by registering a `Source` from its `AppConfig.ready` (`register(Source(...))`, from
`partnerships.selectors.country_map`), with no change here, its `note` saying how it counts.
A figure counts for the country of each foreign party: an agreement with partners in two
countries counts in both (the totals count it once)."""

import hashlib
import logging
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_of
from edcluster.core.selectors import is_operator
from edcluster.organizations.models import Organization
from edcluster.partnerships.country_groups import GROUPS, countries_of_group, group_of_country
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
    QuotaUse,
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
    # The models whose saves and deletions change these figures (the cached maps are recounted).
    models: tuple[type[Model], ...] = ()


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
logger = logging.getLogger(__name__)


def register(source: Source) -> None:
    """Add a source of figures (once: a second registration of the same columns is ignored);
    a save or deletion of one of its models makes every cached map stale."""
    keys = {column.key for column in source.columns}
    if not any(keys & {column.key for column in known.columns} for known in _SOURCES):
        _SOURCES.append(source)
        for model in source.models:
            for signal in (post_save, post_delete):
                signal.connect(_changed, sender=model, dispatch_uid=f"country_map.{model._meta}")


# The figures are counted over every agreement (five grouped queries: about a second with
# 20,000 agreements and 80,000 conditions), so a map is kept in the cache until something it
# counts changes: each change stores a new generation, which the keys name. The expiry bounds
# what a write no signal sees (a queryset's update, raw SQL) would leave stale.
GENERATION_KEY = "partnerships:map:generation"
CACHE_SECONDS = 600


def _changed(**_kwargs) -> None:
    """Now, for readers in the writing transaction, and after the commit, for the others (a
    reader in between counted the old rows under the new generation)."""
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    try:
        _new_generation()
    except Exception:  # a cache that does not answer must not refuse the write: entries expire
        logger.warning("The partners map's cache did not answer; maps may lag", exc_info=True)


def _new_generation() -> str:
    # A fresh value rather than an increment: two writers never leave the same generation.
    generation = uuid.uuid4().hex
    cache.set(GENERATION_KEY, generation, None)
    return generation


def _scope(viewer) -> str:
    """Whose agreements the viewer reads: all (operators) or those of their organizations."""
    if is_operator(user=viewer):
        return "all"
    return ",".join(
        str(pk)
        for pk in sorted(organization_ids_of(user=viewer).values_list("organization_id", flat=True))
    )


def _cached_rows(viewer, filters: MapFilters) -> tuple[list[CountryRow], dict[str, int]]:
    """The rows (named in the active language) and totals, counted once a generation."""
    generation = cache.get(GENERATION_KEY) or _new_generation()
    asked = f"{generation}|{get_language()}|{_scope(viewer)}|{filters}"
    key = "partnerships:map:" + hashlib.sha256(asked.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _counted_rows(viewer, filters)
        cache.set(key, found, CACHE_SECONDS)
    return found


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
    rows, totals = _cached_rows(viewer, filters)
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


def _count_agreements(*, viewer, filters: MapFilters) -> Counted:
    """Five grouped queries, whatever the number of agreements and countries: the database
    counts and sums by country, Python only adds up a few hundred groups."""
    agreements = matching_agreements(viewer=viewer, filters=filters)
    counted = Counted()
    _count_partners(counted, agreements, filters)
    _count_by_status(counted, agreements, filters)
    _count_quotas(counted, agreements, filters)
    return counted


def _foreign(filters: MapFilters, prefix: str = "") -> Q:
    """The organization at `prefix` is a foreign partner (in the subregion chosen, if one)."""
    condition = Q(**{f"{prefix}kind__in": FOREIGN_KINDS})
    if filters.group:
        condition &= Q(**{f"{prefix}country__in": countries_of_group(filters.group)})
    return condition


def _count_partners(counted: Counted, agreements: QuerySet, filters: MapFilters) -> None:
    """Every partner of the directory, or with a kind, member or year only those party to such
    an agreement (a partner is in one country: the total is the sum)."""
    partners = Organization.objects.filter(_foreign(filters))
    if filters.narrows:
        parties = AgreementParty.objects.filter(agreement__in=agreements)
        partners = partners.filter(pk__in=parties.values("organization_id"))
    for country, number in partners.order_by().values_list("country").annotate(n=Count("pk")):
        counted.by_country[country]["partners"] = number
        counted.totals["partners"] += number


def _count_by_status(counted: Counted, agreements: QuerySet, filters: MapFilters) -> None:
    """Agreements by country and status, then by status over all countries (an agreement with
    partners in two countries counts in both, once in the totals)."""
    parties = AgreementParty.objects.filter(agreement__in=agreements).filter(
        _foreign(filters, "organization__")
    )
    rows = parties.order_by().values_list("organization__country", "agreement__status")
    for country, status, number in rows.annotate(n=Count("agreement_id", distinct=True)):
        counted.by_country[country][status] += number
        counted.by_country[country]["agreements"] += number
    everywhere = Agreement.objects.filter(pk__in=parties.values("agreement_id")).order_by()
    for status, number in everywhere.values_list("status").annotate(n=Count("pk")):
        counted.totals[status] += number
        counted.totals["agreements"] += number


def _count_quotas(counted: Counted, agreements: QuerySet, filters: MapFilters) -> None:
    """Quotas of each agreement's version in effect (else its newest), use of any version;
    with a year, only conditions covering its academic year and the use in it."""
    conditions = CooperationCondition.objects.filter(version__agreement__in=agreements)
    uses = QuotaUse.objects.filter(condition__version__agreement__in=agreements)
    if filters.year:
        year = filters.academic_year
        conditions = conditions.filter(first_year__lte=year, last_year__gte=year)
        uses = uses.filter(
            academic_year=year, condition__first_year__lte=year, condition__last_year__gte=year
        )
    counting = conditions.filter(_counting())
    _add_by_sides(counted, "quota", counting, Sum("mobilities_per_year"), filters)
    _add_by_sides(counted, "used", uses, Sum("used"), filters, prefix="condition__")


def _counting() -> Q:
    """The condition's version is the one whose quotas count: approved with no newer approved
    version, or, while none is approved, the newest. Anti-joins, which the planner sizes right
    whoever reads (a semi-join on a window over the versions was planned as a nested loop for a
    member's agreements on PostgreSQL: 15 s)."""
    same = AgreementVersion.objects.filter(agreement_id=OuterRef("version__agreement_id"))
    approved = same.filter(approved_at__isnull=False)
    newer_approved = approved.filter(number__gt=OuterRef("version__number"))
    newer = same.filter(number__gt=OuterRef("version__number"))
    return (Q(version__approved_at__isnull=False) & ~Exists(newer_approved)) | (
        Q(version__approved_at__isnull=True) & ~Exists(approved) & ~Exists(newer)
    )


def _add_by_sides(
    counted: Counted, key: str, rows: QuerySet, total: Sum, filters: MapFilters, prefix: str = ""
) -> None:
    """Sum the rows (conditions, or their use) by the countries of both sides and whether each
    is a foreign partner: a figure counts for each foreign side's country (once when both are
    in one), once in the total, and never for a member's own country."""
    sending = f"{prefix}sending_party__organization__"
    receiving = f"{prefix}receiving_party__organization__"
    groups = (
        rows.filter(_foreign(filters, sending) | _foreign(filters, receiving))
        .annotate(
            sending_foreign=ExpressionWrapper(_foreign(filters, sending), BooleanField()),
            receiving_foreign=ExpressionWrapper(_foreign(filters, receiving), BooleanField()),
        )
        .order_by()
        .values_list(
            f"{sending}country", "sending_foreign", f"{receiving}country", "receiving_foreign"
        )
        .annotate(value=total)
    )
    for sending_country, sending_foreign, receiving_country, receiving_foreign, value in groups:
        found = {sending_country} if sending_foreign else set()
        found |= {receiving_country} if receiving_foreign else set()
        for country in found:
            counted.by_country[country][key] += value or 0
        counted.totals[key] += value or 0


register(
    Source(
        AGREEMENT_COLUMNS,
        _count_agreements,
        models=(
            Organization,
            Agreement,
            AgreementParty,
            AgreementVersion,
            CooperationCondition,
            QuotaUse,
        ),
    )
)
