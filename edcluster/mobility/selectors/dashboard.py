"""The dashboard of operators (the whole cluster) and of a host member's staff (its own cases):
the funnel, the flows by citizenship, member, category and year, days per stage and the
agreement quotas of an academic year.

A year is an academic year of the intake's run (a run starting from August belongs to that
year: 2026-09-01 → 2026/2027), the year nominations count against a quota in. One query on cases
(grouped by the columns of one index: a few thousand rows whatever the cases' number), one on
the summary of the history's days per stage (`StageDays`), two for quotas."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django_countries.fields import Country

from edcluster.accounts.selectors import organization_ids_of
from edcluster.mobility.models import Application, Category, Intake, Stage
from edcluster.mobility.models import StageDays as StageDaysRow
from edcluster.mobility.pipeline import MAIN_PATH, VISA_STAGES
from edcluster.mobility.selectors.deadlines import visa_free_codes
from edcluster.mobility.selectors.reports import ARRIVED_STAGES
from edcluster.organizations.models import Organization
from edcluster.partnerships.selectors.nominations import nomination_conditions, quota_uses

FUNNEL = MAIN_PATH[1:]  # submitted → … → completed
CLOSED_BY = (Stage.WITHDRAWN, Stage.CANCELLED)


def academic_year(day: date) -> str:
    """The academic year a day falls in (from August on: the one starting that year)."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{first + 1}"


def dashboard_hosts(*, viewer) -> list[int] | None:
    """The members whose cases the viewer's dashboard shows: None for operators (all), the
    hosting members the viewer is staff of; 404 for anyone else."""
    if not viewer.is_authenticated:
        raise Http404
    if viewer.is_operator:
        return None
    hosts = sorted(
        set(
            Intake.objects.filter(host__in=organization_ids_of(user=viewer)).values_list(
                "host_id", flat=True
            )
        )
    )
    if not hosts:
        raise Http404
    return hosts


def dashboard_members(*, hosts: list[int] | None) -> QuerySet[Organization]:
    """The members the member filter offers: every hosting member (operators) or the
    viewer's own."""
    members = Organization.objects.filter(pk__in=Intake.objects.values("host_id"))
    if hosts is not None:
        members = members.filter(pk__in=hosts)
    return members.order_by("slug")


def intake_years() -> dict[int, str]:
    """Each intake's academic year (by its run's start)."""
    return {
        pk: academic_year(starts)
        for pk, starts in Intake.objects.values_list("pk", "offering__starts_on")
    }


@dataclass(frozen=True)
class Filters:
    hosts: list[int] | None = None  # None: every member
    year: str = ""
    category: str = ""
    citizenship: str = ""


def filtered_cases(filters: Filters) -> QuerySet[Application]:
    """The cases of the members, category and citizenship chosen (the year is kept from the
    grouped rows by their intake: a list of intakes made SQLite leave the covering index)."""
    cases = Application.objects.all()
    if filters.hosts is not None:
        cases = cases.filter(host_id__in=filters.hosts)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.citizenship:
        cases = cases.filter(citizenship=filters.citizenship)
    return cases


@dataclass
class Row:
    """One line of a breakdown: applications, their acceptances and arrivals."""

    key: str
    label: str
    applications: int = 0
    accepted: int = 0
    arrived: int = 0


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    label: str
    reached: int
    of_submitted: float | None  # per cent
    of_previous: float | None  # of the cases that reached the stage before on their path


@dataclass(frozen=True)
class StageDays:
    stage: str
    label: str
    moves: int
    median: float
    p90: float


@dataclass(frozen=True)
class QuotaRow:
    agreement: str
    partner: str
    host: str
    kind: str
    year: str
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return self.quota - self.used


@dataclass
class Dashboard:
    filters: Filters
    quota_year: str
    funnel: list[FunnelRow] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    citizenships: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)
    years: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("", ""))
    days: list[StageDays] = field(default_factory=list)
    quotas: list[QuotaRow] = field(default_factory=list)


def dashboard(*, filters: Filters) -> Dashboard:
    """Every figure of the dashboard for the cases the filters keep (the caller has checked
    the viewer may see them: `dashboard_hosts`)."""
    years = intake_years()
    groups = list(
        # In the order of the index `mobility_app_dashboard`: grouped as the index is read.
        filtered_cases(filters)
        .values_list(
            "host_id", "intake_id", "category", "citizenship", "stage", "decision", "left_stage"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    if filters.year:
        groups = [group for group in groups if years.get(group[1]) == filters.year]
    result = Dashboard(filters, filters.year or academic_year(timezone.localdate()))
    _breakdowns(result, groups, years)
    result.funnel = _funnel(groups)
    result.outcomes = _outcomes(groups)
    result.days = stage_days(filters, years)
    result.quotas = quotas(hosts=filters.hosts, year=result.quota_year)
    return result


def _breakdowns(result: Dashboard, groups: list[tuple], years: dict[int, str]) -> None:
    # First by (host, intake, category, citizenship): a hundred-odd keys for thousands of
    # groups, then each table from those.
    accepted, arrived = Application.Decision.ACCEPTED, frozenset(ARRIVED_STAGES)
    partial: dict[tuple, list[int]] = {}
    for host, intake, category, citizenship, stage, decision, left, n in groups:
        if stage == Stage.DRAFT or (stage in CLOSED_BY and left == Stage.DRAFT):
            continue  # never submitted: an application only once it is sent, as the funnel
        figures = partial.get(case := (host, intake, category, citizenship))
        if figures is None:
            figures = partial[case] = [0, 0, 0]
        figures[0] += n
        if decision == accepted:
            figures[1] += n
        if stage in arrived:
            figures[2] += n
    tables: dict[str, dict[str, Row]] = defaultdict(dict)
    for (host, intake, category, citizenship), figures in partial.items():
        for table, key in (
            ("citizenships", str(citizenship)),
            ("members", str(host)),
            ("categories", category),
            ("years", years.get(intake, "")),
        ):
            _add(tables[table].setdefault(key, Row(key, "")), figures)
        _add(result.total, figures)
    members = Organization.objects.filter(pk__in=[int(key) for key in tables["members"]])
    names = {member.pk: member.name for member in members.only("name_en", "name_ru")}
    categories = dict(Category.choices)
    for row in tables["citizenships"].values():
        row.label = str(Country(row.key).name) or row.key
    for row in tables["members"].values():
        row.label = names.get(int(row.key), row.key)
    for row in tables["categories"].values():
        row.label = str(categories.get(row.key, row.key))
    for row in tables["years"].values():
        row.label = row.key
    by_size = lambda rows: sorted(rows, key=lambda r: (-r.applications, r.label))  # noqa: E731
    result.citizenships = by_size(tables["citizenships"].values())
    result.members = by_size(tables["members"].values())
    result.categories = by_size(tables["categories"].values())
    result.years = sorted(tables["years"].values(), key=lambda row: row.key)


def _add(row: Row, figures: list[int]) -> None:
    row.applications += figures[0]
    row.accepted += figures[1]
    row.arrived += figures[2]


def _funnel(groups: list[tuple]) -> list[FunnelRow]:
    """How many cases reached each stage of the main path: the stage a case is at (or left
    for withdrawal or cancellation) and every stage before it on its own path (a visa-free
    citizen's skips invitation and visa); a case with a decision reached "decided" even when
    sent back to review. Each stage's share of the cases that reached the stage before it on
    their path."""
    visa_free = visa_free_codes()
    furthest: Counter = Counter()
    for _h, _i, _c, citizenship, stage, decision, left, n in groups:
        if stage in CLOSED_BY:
            stage = left
        elif decision and MAIN_PATH.index(stage) < MAIN_PATH.index(Stage.DECIDED):
            stage = Stage.DECIDED
        furthest[(str(citizenship), stage)] += n
    reached: Counter = Counter()
    before: Counter = Counter()
    for (citizenship, stage), n in furthest.items():
        path = [s for s in MAIN_PATH if citizenship not in visa_free or s not in VISA_STAGES]
        if stage not in path:
            continue
        last = path.index(stage)
        for i, step in enumerate(path[1 : last + 2], start=1):
            before[step] += n
            if i <= last:
                reached[step] += n
    submitted = reached[Stage.SUBMITTED]
    return [
        FunnelRow(
            stage,
            str(Stage(stage).label),
            reached[stage],
            _share(reached[stage], submitted),
            # the first row has no stage before it in the table (drafts are not counted)
            _share(reached[stage], before[stage]) if stage != Stage.SUBMITTED else None,
        )
        for stage in FUNNEL
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _outcomes(groups: list[tuple]) -> dict[str, int]:
    """Decisions taken (accepted, waitlisted, rejected) and cases withdrawn or cancelled."""
    counts: Counter = Counter()
    for *_rest, stage, decision, _left, n in groups:
        if decision:
            counts[decision] += n
        if stage in CLOSED_BY:
            counts[stage] += n
    keys = [*Application.Decision.values, *CLOSED_BY]
    return {key: counts[key] for key in keys}


def stage_days(filters: Filters, years: dict[int, str]) -> list[StageDays]:
    """Days spent in each stage of the main path before moving on (whole days, from the
    history's summary `StageDays`): how many moves, the median and the 90th percentile
    (linear between ranks)."""
    rows = StageDaysRow.objects.filter(stage__in=FUNNEL, moves__gt=0)
    if filters.hosts is not None:
        rows = rows.filter(host_id__in=filters.hosts)
    if filters.year:
        rows = rows.filter(intake_id__in=[pk for pk, y in years.items() if y == filters.year])
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.citizenship:
        rows = rows.filter(citizenship=filters.citizenship)
    histogram: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stage, days, n in (
        rows.values_list("stage", "days").annotate(n=Sum("moves")).order_by("stage", "days")
    ):
        histogram[stage].append((days, n))
    return [
        StageDays(
            stage,
            str(Stage(stage).label),
            sum(n for _d, n in counts),
            percentile(counts, 0.5),
            percentile(counts, 0.9),
        )
        for stage in FUNNEL
        if (counts := histogram.get(stage))
    ]


def percentile(counts: list[tuple[int, int]], q: float) -> float:
    """The q-th quantile of values given as (value, how many), sorted by value: linear
    between the two nearest ranks (as `statistics.quantiles(..., method="inclusive")`)."""
    total = sum(n for _v, n in counts)
    position = q * (total - 1)
    low, high = int(position), min(int(position) + 1, total - 1)
    return round(_at_rank(counts, low) + (position - low) * (
        _at_rank(counts, high) - _at_rank(counts, low)
    ), 1)  # fmt: skip


def _at_rank(counts: list[tuple[int, int]], rank: int) -> int:
    seen = 0
    for value, n in counts:
        seen += n
        if rank < seen:
            return value
    return counts[-1][0]


def quotas(*, hosts: list[int] | None, year: str) -> list[QuotaRow]:
    """Agreement conditions sending to the members (every host's for None) valid in the
    academic year: each one's yearly quota, its use (nominations and use entered by hand) and
    what remains."""
    # Incoming mobility only: conditions whose receiving side hosts intakes here (an operator's
    # view listed a member's own students going abroad with the sides the other way round).
    receiving = Intake.objects.values_list("host_id", flat=True) if hosts is None else hosts
    conditions = [
        condition
        for condition in nomination_conditions().filter(
            receiving_party__organization_id__in=receiving
        )
        if condition.first_year <= year <= condition.last_year
    ]
    used = quota_uses(condition_ids=[c.pk for c in conditions], academic_year=year)
    return [
        QuotaRow(
            condition.version.agreement.code,
            str(condition.sending_party.organization),
            str(condition.receiving_party.organization),
            str(condition.get_type_display()),
            year,
            condition.mobilities_per_year,
            used.get(condition.pk, 0),
        )
        for condition in conditions
    ]
