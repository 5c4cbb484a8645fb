"""Demand analytics, read from the monthly rollups (SkillDemand, OccupationDemand) that the
extraction keeps equal to the posting-skill facts, so every figure is one indexed GROUP BY."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.demand.models import ALL_REGIONS, JobPosting, OccupationDemand, SkillDemand
from edcluster.skills.models import Broader, Occupation, Skill, SkillGroup


@dataclass(frozen=True)
class Period:
    start: date  # first day of the first month
    end: date  # first day of the last month (inclusive)

    def months(self) -> list[date]:
        found, month = [], self.start
        while month <= self.end:
            found.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return found


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(start: date | None = None, end: date | None = None) -> Period:
    """The months asked for (at most 120); by default the twelve ending with the newest month
    of data."""
    if end is None:
        # the all-regions rows hold every month with data; (region, month) leads their index
        newest = SkillDemand.objects.filter(region=ALL_REGIONS).aggregate(last=Max("month"))["last"]
        end = newest or timezone.localdate()
    earliest, latest = date(1900, 1, 1), date(2999, 12, 1)
    end = min(max(end.replace(day=1), earliest), latest)
    start = min(max((start or shift(end, -11)).replace(day=1), earliest), latest)
    start = max(min(start, end), shift(end, -119))  # at most ten years at a time
    return Period(start, end)


MONTH_PATTERN = r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$"  # YYYY-MM, as the API takes months
REGION_MAX_LENGTH = 200


@dataclass(frozen=True)
class AnalyticsQuery:
    """What a demand figure is asked for: a region ("" for all) and the months (None: the
    default period, see `period_of`). The API's schemas and the pages' forms of demand and of
    the apps that read its figures parse their input into one."""

    region: str = ""
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        """A reversed period is refused, not read as one month: ValueError (`from_text` names
        the fields for the API's 422; the forms show it on `end`)."""
        if self.start and self.end and self.start > self.end:
            raise ValueError(
                _("The first month (%(start)s) is after the last (%(end)s).")
                % {"start": f"{self.start:%Y-%m}", "end": f"{self.end:%Y-%m}"}
            )

    @classmethod
    def from_text(cls, *, region: str = "", start: str = "", end: str = "") -> "AnalyticsQuery":
        """From the API's text (months as YYYY-MM, empty for the default); ValueError names
        what is wrong."""
        if len(region) > REGION_MAX_LENGTH:
            raise ValueError(f"region: at most {REGION_MAX_LENGTH} characters")
        months = _month(start, "start"), _month(end, "end")
        try:
            return cls(region=region, start=months[0], end=months[1])
        except ValueError as error:
            raise ValueError(f"start, end: {error}") from None

    def period(self) -> Period:
        return period_of(self.start, self.end)


def _month(text: str, name: str) -> date | None:
    if not text:
        return None
    if not re.fullmatch(MONTH_PATTERN, text):
        raise ValueError(f"{name}: a month as YYYY-MM, not {text!r}")
    return date(int(text[:4]), int(text[5:7]), 1)


def _where(queryset, region: str, period: Period):
    queryset = queryset.filter(month__gte=period.start, month__lte=period.end)
    return queryset.filter(region=region or ALL_REGIONS)


def top_skills(*, region: str = "", period: Period, limit: int = 20) -> list[dict]:
    return _ranking(SkillDemand, "skill_id", Skill, region, period, limit)


def top_occupations(*, region: str = "", period: Period, limit: int = 20) -> list[dict]:
    return _ranking(OccupationDemand, "occupation_id", Occupation, region, period, limit)


def _ranking(rollup, key: str, model, region: str, period: Period, limit: int) -> list[dict]:
    rows = list(
        _where(rollup.objects, region, period)
        .values(key)
        .annotate(postings=Sum("postings"))
        .order_by("-postings", key)[:limit]
    )
    return _named(rows, key, model)


def _named(rows: list[dict], key: str, model) -> list[dict]:
    names = {
        pk: (uri, label, russian)
        for pk, uri, label, russian in model.objects.filter(
            pk__in=[r[key] for r in rows]
        ).values_list("pk", "uri", "label", "label_ru")
    }
    for row in rows:
        row["id"] = row.pop(key)
        row["uri"], row["label"], row["label_ru"] = names[row["id"]]
    return rows


def skill_trend(*, skill_id: int, region: str = "", period: Period) -> list[dict]:
    """Postings asking for the skill, month by month (months without any included, as 0)."""
    counts = dict(
        _where(SkillDemand.objects.filter(skill_id=skill_id), region, period)
        .values("month")
        .annotate(postings=Sum("postings"))
        .values_list("month", "postings")
    )
    return [{"month": month, "postings": counts.get(month, 0)} for month in period.months()]


def monthly_postings(*, region: str = "", period: Period) -> list[dict]:
    """All postings month by month (the line chart of demand)."""
    postings = JobPosting.objects.filter(fact_month__gte=period.start, fact_month__lte=period.end)
    if region:
        postings = postings.filter(fact_region=region)
    counts = dict(
        postings.values("fact_month").annotate(n=Count("pk")).values_list("fact_month", "n")
    )
    return [{"month": month, "postings": counts.get(month, 0)} for month in period.months()]


def postings_until() -> date | None:
    """The date of the newest posting: the figures of later days are not in yet."""
    return JobPosting.objects.aggregate(last=Max("posted_at"))["last"]


def rising_skills(
    *, region: str = "", period: Period, minimum: int = 5, limit: int = 20
) -> list[dict]:
    """Skills asked for more in the period than in the as-long period before it, with the counts
    behind the growth; only skills with at least `minimum` postings in the period."""
    length = len(period.months())
    if period.start.year < 1901:  # nothing was posted before 1900
        return []
    before = Period(shift(period.start, -length), shift(period.start, -1))
    # two plain sums (each a range of the covering index) beat one with two conditional sums
    now, then = (
        dict(
            _where(SkillDemand.objects, region, months)
            .values("skill_id")
            .annotate(n=Sum("postings"))
            .values_list("skill_id", "n")
        )
        for months in (period, before)
    )
    rows = [
        {
            "skill_id": skill,
            "postings": count,
            "before": then.get(skill, 0),
            "growth": round((count - then.get(skill, 0)) / max(then.get(skill, 0), 1), 4),
        }
        for skill, count in now.items()
        if count >= minimum and count > then.get(skill, 0)
    ]
    rows.sort(key=lambda r: (-r["growth"], -r["postings"], r["skill_id"]))
    return _named(rows[:limit], "skill_id", Skill)


# How far below its pillar's root a skill's gaps and demand roll up: the skills pillar (S) to
# its second level (S1.1 "negotiating"; its 8 first-level groups are too wide to build a product
# on), the knowledge pillar (K) to its first, the ISCED-F broad field of education (06 ICT), the
# transversal (T) and language (L) pillars to their groups (T1 … T6, L1). A root of another
# code rolls up to its first level too.
ROLLUP_DEPTH = {"S": 2, "K": 1, "T": 1, "L": 1}


@lru_cache(maxsize=1)
def _top_groups(state: tuple) -> dict[int, str]:
    """Each skill's group to roll up to (ROLLUP_DEPTH), by URI; "" for a skill under no
    group. A skill under several groups takes the first of their paths (by URI)."""
    up: dict[str, list[str]] = {}
    for uri, broader in Broader.objects.values_list("uri", "broader_uri"):
        up.setdefault(uri, []).append(broader)
    codes = dict(SkillGroup.objects.values_list("uri", "code"))
    paths: dict[str, tuple[str, ...] | None] = {}

    def path(uri: str, seen: frozenset = frozenset()) -> tuple[str, ...] | None:
        """The groups from a root down to `uri` (a group) or to the group nearest it (a skill,
        through its broader skills)."""
        if uri not in paths:
            found = [
                above
                for parent in up.get(uri, [])
                if parent not in seen and (above := path(parent, seen | {uri})) is not None
            ]
            here = (uri,) if uri in codes else ()
            paths[uri] = min(found) + here if found else (here or None)
        return paths[uri]

    def rollup(uri: str) -> str:
        groups = path(uri)
        if not groups:
            return ""
        return groups[min(ROLLUP_DEPTH.get(codes[groups[0]], 1), len(groups) - 1)]

    return {pk: rollup(uri) for pk, uri in Skill.objects.values_list("pk", "uri")}


def rollup_groups() -> dict[int, str]:
    """Each skill's (by id) group of the skills pillar to roll up to, by URI: ROLLUP_DEPTH."""
    return _top_groups((Skill.objects.count(), Broader.objects.count()))


def group_names(uris) -> dict[str, tuple[str, str, str]]:
    """Group URI → (label, Russian label, code)."""
    return {
        uri: (label, russian, code)
        for uri, label, russian, code in SkillGroup.objects.filter(uri__in=uris).values_list(
            "uri", "label", "label_ru", "code"
        )
    }


def group_rows(totals: Mapping[str, dict], *, by: str) -> list[dict]:
    """A roll-up by skill group as rows: each group's URI, label, Russian label and code with
    its figures (`totals`: group URI → figures), the largest `by` first."""
    named = group_names(totals)
    rows = [
        {
            "uri": uri,
            **dict(zip(("label", "label_ru", "code"), named.get(uri, ("", "", "")), strict=True)),
            **figures,
        }
        for uri, figures in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row[by], row["uri"]))


def skill_groups(*, region: str = "", period: Period) -> list[dict]:
    """Demand rolled up by ESCO skill group (ROLLUP_DEPTH; a posting asking for two skills of a
    group counts twice: these are skill mentions)."""
    top = rollup_groups()
    totals: dict[str, dict] = {}
    for skill, count in (
        _where(SkillDemand.objects, region, period)
        .values("skill_id")
        .annotate(n=Sum("postings"))
        .values_list("skill_id", "n")
    ):
        group = totals.setdefault(top.get(skill, ""), {"mentions": 0})
        group["mentions"] += count
    return group_rows(totals, by="mentions")


def regions() -> list[str]:
    return list(
        SkillDemand.objects.exclude(region__in=["", ALL_REGIONS])
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


REPORTS = ("top-skills", "top-occupations", "rising", "groups", "priority-areas", "monthly")


def report_table(report: str, *, region: str, period: Period) -> tuple[list[str], list[tuple]]:
    """A report as a header and rows, for CSV/XLSX downloads."""
    if report == "top-skills":
        rows = top_skills(region=region, period=period, limit=1000)
        return ["uri", "skill", "skill_ru", "postings"], [
            (r["uri"], r["label"], r["label_ru"], r["postings"]) for r in rows
        ]
    if report == "top-occupations":
        rows = top_occupations(region=region, period=period, limit=1000)
        return ["uri", "occupation", "occupation_ru", "postings"], [
            (r["uri"], r["label"], r["label_ru"], r["postings"]) for r in rows
        ]
    if report == "rising":
        rows = rising_skills(region=region, period=period, limit=1000)
        return ["uri", "skill", "skill_ru", "postings", "postings_before", "growth"], [
            (r["uri"], r["label"], r["label_ru"], r["postings"], r["before"], r["growth"])
            for r in rows
        ]
    if report == "groups":
        rows = skill_groups(region=region, period=period)
        return ["uri", "code", "group", "group_ru", "mentions"], [
            (r["uri"], r["code"], r["label"], r["label_ru"], r["mentions"]) for r in rows
        ]
    if report == "priority-areas":
        from edcluster.demand.selectors.priorities import priority_demand

        rows = priority_demand(region=region, period=period)
        return [
            "list",
            "number",
            "area",
            "area_ru",
            "postings",
            "occupations",
            "requests",
            "headcount",
        ], [
            (
                r["list"],
                r["code"],
                r["name_en"],
                r["name_ru"],
                r["postings"],
                r["occupations"],
                r["requests"],
                r["headcount"],
            )
            for r in rows
        ]
    rows = monthly_postings(region=region, period=period)
    return ["month", "postings"], [(r["month"].strftime("%Y-%m"), r["postings"]) for r in rows]
