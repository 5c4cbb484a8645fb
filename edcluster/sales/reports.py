"""The revenue reports, read from the rollups (one small table per report's key,
`services/rollups.py`): contracted and received revenue in roubles by year and quarter,
product, member (by its share), buyer's country, region and flow, with the export share and the
figures left out for want of a rate.

Operators read the whole cluster's rows; a member's staff read their own organizations' shares."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Model, QuerySet, Sum
from django.utils.translation import get_language
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_of
from edcluster.organizations.models import Organization
from edcluster.sales.models import (
    ALL,
    Flow,
    Line,
    Order,
    Payment,
    PlaceRollup,
    ProductRollup,
    QuarterRollup,
    cents,
)
from edcluster.sales.services.conversion import ROUBLE, missing_rate_message, rate_on
from edcluster.sales.wording import place_text, quarter_text

EXPORTS = (Flow.EXPORT_ABROAD, Flow.EXPORT_REGIONS)
SUMS = {
    "c": Sum("contracted"),
    "r": Sum("received"),
    "cm": Sum("contracted_missing"),
    "rm": Sum("received_missing"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    contracted: Decimal
    received: Decimal
    left_out: int


def rollup_visible(model: type[Model], *, viewer, year: int | None = None, by_member=False):
    """The rollup rows the viewer reads: the whole cluster's for operators (each member's
    with `by_member`), their members' otherwise; of a year, or of all years (a table with rows
    for all years at once, the product's, reads those)."""
    rows = model.objects.all()  # type: ignore[attr-defined]
    if not getattr(viewer, "is_operator", False):
        rows = rows.filter(member__in=organization_ids_of(user=viewer))
    elif by_member:
        rows = rows.exclude(member=ALL)
    else:
        rows = rows.filter(member=ALL)
    if year:
        return rows.filter(year=year)
    return rows.filter(year=ALL) if model is ProductRollup else rows


def _summed(rows: QuerySet, *fields: str, page: slice | None = None) -> list[dict]:
    grouped = rows.values(*fields).annotate(**SUMS)
    if page is None:
        return list(grouped.order_by(*fields))
    # a page of the biggest first, cut by the database (ties by key)
    return list(grouped.order_by(F("c").desc(nulls_last=True), *fields)[page])


def _product_member(viewer) -> int | None:
    """The one member whose product rows the viewer reads (operators: the whole cluster's,
    `ALL`; a member's staff: their organization's), or None when they read several's. One
    member's rows hold a row per product and year: nothing to sum."""
    if getattr(viewer, "is_operator", False):
        return ALL
    ids = organization_ids_of(user=viewer).values_list("organization_id", flat=True)
    found = list(ids[:2])
    return found[0] if len(found) == 1 else None


def _ranked(member: int, year: int | None, page: slice) -> list[dict]:
    """A page of one member's product report read off the index `sales_product_top` (member,
    year, contracted biggest first, product): the database stops at the page instead of
    summing and sorting every product. Ties go by product, as in `_summed`."""
    rows = ProductRollup.objects.filter(member=member, year=year or ALL)
    ranked = rows.order_by(F("contracted").desc(), "product_id").values(
        *SOURCES["product"][1],
        c=F("contracted"),
        r=F("received"),
        cm=F("contracted_missing"),
        rm=F("received_missing"),
    )
    return list(ranked[page])


def _labels(name: str, found: list[dict]) -> Callable[[Any], str]:
    if name == "product":
        russian = (get_language() or "ru").startswith("ru")  # in_language's rule, asked once
        titles = {
            item["product_id"]: (
                (item["product__title_ru"] or item["product__title_en"])
                if russian
                else (item["product__title_en"] or item["product__title_ru"])
            )
            for item in found
        }
        return lambda key: titles.get(key, str(key))
    if name == "member":
        keys = [item["member"] for item in found]
        members = Organization.objects.filter(pk__in=keys).only("pk", "name_ru", "name_en")
        names = {o.pk: o.name for o in members}
        return lambda key: names.get(key, str(key))
    if name == "country":
        return lambda key: str(countries.name(key) or key)
    if name == "flow":
        return lambda key: str(Flow(key).label)
    return str


# Each report: its table, the fields it groups by, whether it reads each member's rows.
SOURCES: dict[str, tuple[type[Model], tuple[str, ...], bool]] = {
    "period": (QuarterRollup, ("year", "quarter"), False),
    "year": (QuarterRollup, ("year",), False),
    "product": (ProductRollup, ("product_id", "product__title_ru", "product__title_en"), False),
    "member": (QuarterRollup, ("member",), True),
    "country": (PlaceRollup, ("country",), False),
    "region": (PlaceRollup, ("country", "region"), False),  # abroad: by country, no region
    "flow": (QuarterRollup, ("flow",), False),
}
REPORTS = tuple(SOURCES)


def report(
    *, viewer, name: str, year: int | None = None, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """One report's rows, biggest contracted first (periods in time order); with `limit`, the
    rows from `offset` on (the product report has a row per product: thousands)."""
    model, fields, by_member = SOURCES[name]
    visible = rollup_visible(model, viewer=viewer, year=year, by_member=by_member)
    timed = name in ("period", "year")
    page = slice(offset, offset + limit) if limit is not None and not timed else None
    member = _product_member(viewer) if name == "product" and page is not None else None
    if page is not None and member is not None:
        found = _ranked(member, year, page)
    else:
        found = _summed(visible, *fields, page=page)
    if timed:
        rows = _in_time_order(name, found)
        return rows[offset : offset + limit] if limit is not None else rows
    if name == "region":
        rows = [
            Row(
                f"{item['country']}:{item['region']}",
                place_text(item["country"], item["region"]),
                cents(item["c"]),
                cents(item["r"]),
                _left(item),
            )
            for item in found
        ]
        return _biggest_first(rows)
    text_of = _labels(name, found)
    rows = [
        Row(
            str(item[fields[0]]),
            text_of(item[fields[0]]),
            cents(item["c"]),
            cents(item["r"]),
            _left(item),
        )
        for item in found
    ]
    return _biggest_first(rows)


def report_size(*, viewer, name: str, year: int | None = None) -> int:
    """How many rows the report has (what `report` pages through)."""
    model, fields, by_member = SOURCES[name]
    visible = rollup_visible(model, viewer=viewer, year=year, by_member=by_member)
    if model is ProductRollup:  # by the key alone (the titles follow from it)
        if _product_member(viewer) is not None:  # a row per product
            return visible.count()
        return visible.values("product_id").distinct().count()
    return visible.values(*fields).distinct().count()


def _in_time_order(name: str, found: list[dict]) -> list[Row]:
    rows = []
    for item in found:
        key = f"{item['year']}-Q{item['quarter']}" if name == "period" else str(item["year"])
        label = quarter_text(key) if name == "period" else key
        rows.append(Row(key, label, cents(item["c"]), cents(item["r"]), _left(item)))
    return sorted(rows, key=lambda row: row.key)


def _biggest_first(rows: list[Row]) -> list[Row]:
    """By contracted, biggest first, then by label (two stable sorts: no key to build)."""
    rows.sort(key=lambda row: row.label)
    rows.sort(key=lambda row: row.contracted, reverse=True)
    return rows


def _left(item: dict) -> int:
    return (item["cm"] or 0) + (item["rm"] or 0)


def totals(*, viewer, year: int | None = None) -> dict:
    """Contracted and received in all, the export share of contracted, figures left out."""
    rows = rollup_visible(QuarterRollup, viewer=viewer, year=year)
    whole = rows.aggregate(**SUMS)
    exported = rows.filter(flow__in=EXPORTS).aggregate(c=Sum("contracted"))["c"] or Decimal(0)
    contracted = cents(whole["c"] or Decimal(0))
    return {
        "contracted": contracted,
        "received": cents(whole["r"] or Decimal(0)),
        "left_out": _left(whole),
        "export_share": (exported * 100 / contracted).quantize(Decimal("0.1"))
        if contracted
        else None,
    }


def years(*, viewer) -> list[int]:
    rows = rollup_visible(QuarterRollup, viewer=viewer)
    return sorted(set(rows.values_list("year", flat=True).distinct()))


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
