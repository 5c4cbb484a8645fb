"""The revenue reports, read from the monthly rollups: contracted and received revenue in
roubles by year and quarter, product, member (by its share), buyer's country, region and flow,
with the export share and the figures left out for want of a rate.

Operators read the whole cluster; a member's staff read their own organizations' shares."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_of
from edcluster.catalog.models import Product
from edcluster.organizations.models import Organization
from edcluster.sales.models import Flow, Line, Order, Payment, Rollup, cents
from edcluster.sales.services.conversion import ROUBLE, missing_rate_message, rate_on
from edcluster.sales.wording import place_text, quarter_text

EXPORTS = (Flow.EXPORT_ABROAD, Flow.EXPORT_REGIONS)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    contracted: Decimal
    received: Decimal
    left_out: int


def rollup_visible(*, viewer, year: int | None = None) -> QuerySet[Rollup]:
    """The rollups the viewer reads (every one for operators, their members' otherwise)."""
    rows = Rollup.objects.all()
    if not getattr(viewer, "is_operator", False):
        rows = rows.filter(member__in=organization_ids_of(user=viewer))
    if year:
        rows = rows.filter(month__year=year)
    return rows


def _summed(rows: QuerySet[Rollup], field: str) -> list[dict]:
    return list(
        rows.values(field)
        .annotate(
            c=Sum("contracted"),
            r=Sum("received"),
            cm=Sum("contracted_missing"),
            rm=Sum("received_missing"),
        )
        .order_by(field)
    )


def _quarter(month) -> str:
    return f"{month.year}-Q{(month.month - 1) // 3 + 1}"


def _labels(name: str, keys: list) -> Callable[[Any], str]:
    if name == "product":
        found = Product.objects.filter(pk__in=keys).only("pk", "title_ru", "title_en")
        titles = {p.pk: p.title for p in found}
        return lambda key: titles.get(key, str(key))
    if name == "member":
        members = Organization.objects.filter(pk__in=keys).only("pk", "name_ru", "name_en")
        names = {o.pk: o.name for o in members}
        return lambda key: names.get(key, str(key))
    if name == "country":
        return lambda key: str(countries.name(key) or key)
    if name == "flow":
        return lambda key: str(Flow(key).label)
    return str


FIELDS = {
    "period": "month",
    "year": "month",
    "product": "product_id",
    "member": "member_id",
    "country": "country",
    "region": "region",  # with the country: a foreign buyer is abroad, not missing a region
    "flow": "flow",
}
REPORTS = tuple(FIELDS)


def report(*, viewer, name: str, year: int | None = None) -> list[Row]:
    """One report's rows, biggest contracted first (periods in time order)."""
    if name == "region":
        return _places(rollup_visible(viewer=viewer, year=year))
    found = _summed(rollup_visible(viewer=viewer, year=year), FIELDS[name])
    if name in ("period", "year"):
        group = _quarter if name == "period" else (lambda month: str(month.year))
        merged: dict[str, list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
        for item in found:
            values = merged[group(item["month"])]
            values[0] += item["c"]
            values[1] += item["r"]
            values[2] += item["cm"] + item["rm"]
        return [
            Row(key, quarter_text(key) if name == "period" else key, cents(c), cents(r), left)
            for key, (c, r, left) in sorted(merged.items())
        ]
    label = _labels(name, [item[FIELDS[name]] for item in found])
    rows = [
        Row(
            str(item[FIELDS[name]]),
            label(item[FIELDS[name]]),
            cents(item["c"]),
            cents(item["r"]),
            item["cm"] + item["rm"],
        )
        for item in found
    ]
    return sorted(rows, key=lambda row: (-row.contracted, row.label))


def _places(rows: QuerySet[Rollup]) -> list[Row]:
    """By the buyer's region of Russia, and abroad by country."""
    found = (
        rows.values("country", "region")
        .annotate(
            c=Sum("contracted"),
            r=Sum("received"),
            cm=Sum("contracted_missing"),
            rm=Sum("received_missing"),
        )
        .order_by("country", "region")
    )
    made = [
        Row(
            f"{item['country']}:{item['region']}",
            place_text(item["country"], item["region"]),
            cents(item["c"]),
            cents(item["r"]),
            item["cm"] + item["rm"],
        )
        for item in found
    ]
    return sorted(made, key=lambda row: (-row.contracted, row.label))


def totals(*, viewer, year: int | None = None) -> dict:
    """Contracted and received in all, the export share of contracted, figures left out."""
    rows = rollup_visible(viewer=viewer, year=year)
    whole = rows.aggregate(
        c=Sum("contracted"),
        r=Sum("received"),
        cm=Sum("contracted_missing"),
        rm=Sum("received_missing"),
    )
    exported = rows.filter(flow__in=EXPORTS).aggregate(c=Sum("contracted"))["c"] or Decimal(0)
    contracted = cents(whole["c"] or Decimal(0))
    return {
        "contracted": contracted,
        "received": cents(whole["r"] or Decimal(0)),
        "left_out": (whole["cm"] or 0) + (whole["rm"] or 0),
        "export_share": (exported * 100 / contracted).quantize(Decimal("0.1"))
        if contracted
        else None,
    }


def years(*, viewer) -> list[int]:
    return sorted({month.year for month in rollup_visible(viewer=viewer).dates("month", "year")})


def missing_rates(*, orders: QuerySet[Order]) -> list[str]:
    """What the figures of these orders lack: "no CNY rate for 2026-03-02", once each."""
    counting = orders.exclude(status__in=(Order.Status.QUOTE, Order.Status.CANCELLED))
    pairs = set(
        Line.objects.filter(order__in=counting)
        .exclude(currency=ROUBLE)
        .values_list("currency", "order__signed_on")
        .distinct()
    ) | set(
        Payment.objects.filter(order__in=orders)
        .exclude(currency=ROUBLE)
        .values_list("currency", "paid_on")
        .distinct()
    )
    return [
        missing_rate_message(currency, on)
        for currency, on in sorted(pairs)
        if on is not None and rate_on(currency, on) is None
    ]
