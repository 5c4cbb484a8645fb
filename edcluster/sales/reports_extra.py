"""The reports beside the rollups' tables: top buyers, licences in force by territory, and the
charts' and the buyer countries map's data.

Top buyers: each counting line at the signing date's rate (in kopecks, as the rollups round it);
a line without a rate is left out and counted. Operators read the whole cluster's rollup by
buyer (`BuyerRollup`); a member's staff, their members' shares of their own orders' lines."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django_countries import countries

from edcluster.accounts.selectors import organization_ids_of
from edcluster.sales.models import ALL, BuyerRollup, Licence, Line, Order, Seller, cents
from edcluster.sales.selectors import licence_visible, order_visible
from edcluster.sales.services.conversion import rate_on
from edcluster.sales.wording import place_text

TOP = 10


@dataclass(frozen=True)
class Buyer:
    name: str
    place: str
    orders: int
    contracted: Decimal
    left_out: int


def _shares(viewer, orders: QuerySet[Order]) -> dict[int, Decimal] | None:
    """Each order's part (0–1) that is the viewer's members'; None for operators (all)."""
    if getattr(viewer, "is_operator", False):
        return None
    rows = (
        Seller.objects.filter(order__in=orders, organization__in=organization_ids_of(user=viewer))
        .values("order_id")
        .annotate(share=Sum("share"))
    )
    return {row["order_id"]: row["share"] / 100 for row in rows}


def top_buyers(*, viewer, year: int | None = None, limit: int = TOP) -> list[Buyer]:
    """The buyers with the most contracted revenue (in roubles) in the viewer's reach."""
    if getattr(viewer, "is_operator", False):
        rows = BuyerRollup.objects.filter(year=year or ALL).order_by("-contracted", "buyer_name")
        return [
            Buyer(
                row.buyer_name,
                place_text(str(row.buyer_country), row.buyer_region),
                row.orders,
                cents(row.contracted),
                row.contracted_missing,
            )
            for row in rows[:limit]
        ]
    return _top_buyers_of_members(viewer, year, limit)


def _top_buyers_of_members(viewer, year: int | None, limit: int) -> list[Buyer]:
    orders = order_visible(viewer=viewer).exclude(
        status__in=(Order.Status.QUOTE, Order.Status.CANCELLED)
    )
    if year:
        orders = orders.filter(signed_on__year=year)
    shares = _shares(viewer, orders)
    rates: dict[tuple[str, date], Decimal | None] = {}
    totals: dict[tuple[str, str, str], list] = defaultdict(lambda: [set(), Decimal(0), 0])
    lines = Line.objects.filter(order__in=orders).values_list(
        "order_id",
        "order__buyer_name",
        "order__buyer_country",
        "order__buyer_region",
        "order__signed_on",
        "quantity",
        "unit_price",
        "currency",
    )
    for order_id, name, country, region, signed_on, quantity, price, currency in lines.iterator():
        part = Decimal(1) if shares is None else shares.get(order_id, Decimal(0))
        if not part or signed_on is None:  # a counting order is signed: a date is there
            continue
        if (currency, signed_on) not in rates:
            rates[(currency, signed_on)] = rate_on(currency, signed_on)
        rate = rates[(currency, signed_on)]
        entry = totals[(name, str(country), region)]
        entry[0].add(order_id)
        if rate is None:
            entry[2] += 1
        else:
            entry[1] += cents(cents(quantity * price) * rate) * part
    found = [
        Buyer(name, place_text(country, region), len(ids), cents(roubles), left)
        for (name, country, region), (ids, roubles, left) in totals.items()
    ]
    return sorted(found, key=lambda buyer: (-buyer.contracted, buyer.name))[:limit]


@dataclass(frozen=True)
class Territory:
    place: str
    licences: int
    products: list[str]


def licences_in_force(*, viewer, on: date | None = None, year: int | None = None):
    """The licences in force (on a day, or at some time in a year) by each place of their
    territory: a country, or a region of Russia."""
    licences = licence_visible(viewer=viewer).filter(status=Licence.Status.ACTIVE)
    if year:
        licences = licences.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    elif on:
        licences = licences.filter(starts_on__lte=on, ends_on__gte=on)
    places: dict[str, list] = defaultdict(lambda: [0, set()])
    for licence in licences.select_related("product"):
        named = [str(countries.name(code) or code) for code in licence.countries]
        for place in named + [place_text("RU", region) for region in licence.regions]:
            places[place][0] += 1
            places[place][1].add(licence.product.title)
    return sorted(
        (Territory(place, count, sorted(products)) for place, (count, products) in places.items()),
        key=lambda territory: (-territory.licences, territory.place),
    )


def chart(rows, *, limit: int | None = None) -> dict:
    """A chart's data for static/js/charts.js: labels and contracted roubles."""
    chosen = list(rows)[:limit] if limit else list(rows)
    return {
        "labels": [row.label for row in chosen],
        "values": [float(row.contracted) for row in chosen],
    }


def country_map(rows, *, label: str) -> dict:
    """The buyer countries map's data for static/js/choropleth.js (ISO 3166-1 numeric ids)."""
    found = []
    for row in rows:
        numeric = countries.numeric(row.key, padded=True)
        if numeric:
            found.append({"id": numeric, "name": row.label, "value": float(row.contracted)})
    return {"label": label, "rows": found}
