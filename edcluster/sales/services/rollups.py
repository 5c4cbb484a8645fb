"""The rollups, one small table per report's key: by year, quarter and flow (`quarter`: the
period, year, member and flow reports and the totals), by year and product (`product`), by
year, buyer's country, region and flow (`place`), each for every selling member (its shares)
and for the whole cluster (`member` = `ALL`); the product rows also for all years at once; and
the whole cluster's contracted revenue by year and buyer (`buyer`: top buyers). Every change of
an order moves them by exactly what the order added before the change and adds after it, in
one statement per table.

What an order adds (`contribution`): once signed and until cancelled, each line's amount at the
signing date's rate, in the year and quarter of signing (contracted); each payment at its
date's rate, spread over the lines by their amounts, in the year and quarter of payment
(received); both split among the sellers by their shares. A figure with no rate is left out and
counted (once per seller's piece; by buyer, once per line)."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Model

from edcluster.sales.models import (
    ALL,
    CENT,
    BuyerRollup,
    Line,
    Order,
    Payment,
    PlaceRollup,
    ProductRollup,
    QuarterRollup,
    Seller,
    cents,
)
from edcluster.sales.services.conversion import rate_on

Fine = tuple[date, int, int, str, str, str]  # month, product, member, country, region, flow
Key = tuple  # a table's name, then its key's values in the order of TABLES
SUMS = ("contracted", "contracted_missing", "received", "received_missing")
TABLES: dict[str, tuple[type[Model], tuple[str, ...], tuple[str, ...]]] = {
    "quarter": (QuarterRollup, ("member", "year", "quarter", "flow"), SUMS),
    "product": (ProductRollup, ("member", "year", "product_id"), SUMS),
    "place": (PlaceRollup, ("member", "year", "country", "region", "flow"), SUMS),
    "buyer": (
        BuyerRollup,
        ("year", "buyer_name", "buyer_country", "buyer_region"),
        ("contracted", "contracted_missing", "orders"),
    ),
}
ZERO = (Decimal(0), 0, Decimal(0), 0)
BATCH = 400


class _Rates:
    """The rates one contribution asks for, each read once."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, date], Decimal | None] = {}

    def __call__(self, currency: str, on: date) -> Decimal | None:
        if (currency, on) not in self.known:
            self.known[(currency, on)] = rate_on(currency, on)
        return self.known[(currency, on)]


def allocate(total: Decimal | None, weights: list[Decimal]) -> list[Decimal]:
    """The total split in kopecks by the weights, the pieces summing to it exactly (the
    kopecks left by rounding down go to the largest remainders, the first among equals)."""
    if total is None:
        return [Decimal(0)] * len(weights)
    whole = sum(weights, Decimal(0))
    exact = [total * weight / whole for weight in weights]
    pieces = [piece.quantize(CENT, rounding=ROUND_DOWN) for piece in exact]
    left = int((total - sum(pieces, Decimal(0))) / CENT)
    order = sorted(range(len(weights)), key=lambda index: pieces[index] - exact[index])
    for index in order[:left]:
        pieces[index] += CENT
    return pieces


def _add(figures: dict, key: tuple, values: tuple) -> None:
    found = figures.get(key)
    figures[key] = (
        values if found is None else tuple(a + b for a, b in zip(found, values, strict=True))
    )


def projected(fine: dict[Fine, tuple]) -> dict[Key, tuple]:
    """The tables' figures made by figures at the finest key (month, product, member, country,
    region, flow): each summed for its member and for the whole cluster."""
    figures: dict[Key, tuple] = {}
    for (month, product, member, country, region, flow), values in fine.items():
        year, quarter = month.year, (month.month - 1) // 3 + 1
        for who in (member, ALL):
            _add(figures, ("quarter", who, year, quarter, flow), values)
            _add(figures, ("product", who, year, product), values)
            _add(figures, ("product", who, ALL, product), values)
            _add(figures, ("place", who, year, country, region, flow), values)
    return figures


def _fine(order: Order, lines: list[Line], sellers: list[Seller], rates: _Rates, payments) -> dict:
    figures: dict[Fine, list] = {}
    place = (str(order.buyer_country), order.buyer_region)
    shares = [seller.share for seller in sellers]

    def spread(on: date, line: Line, index: int, roubles: Decimal | None, weights) -> None:
        for seller, value in zip(sellers, allocate(roubles, weights), strict=True):
            key = (on.replace(day=1), line.product_id, seller.organization_id, *place, line.flow)
            if key not in figures:
                figures[key] = list(ZERO)
            figures[key][index + (roubles is None)] += 1 if roubles is None else value

    signed_on = order.signed_on
    assert signed_on is not None
    if order.status != Order.Status.CANCELLED:
        for line in lines:
            rate = rates(line.currency, signed_on)
            roubles = None if rate is None else cents(line.amount * rate)
            spread(signed_on, line, 0, roubles, shares)
    amounts = [line.amount for line in lines]
    if not any(amounts):
        amounts = [Decimal(1)] * len(lines)
    if payments is None:
        payments = Payment.objects.filter(order_id=order.pk).order_by("pk")
    for payment in payments:
        rate = rates(payment.currency, payment.paid_on)
        roubles = None if rate is None else cents(payment.amount * rate)
        for line, part in zip(lines, allocate(roubles, amounts), strict=True):
            spread(payment.paid_on, line, 2, None if roubles is None else part, shares)
    return {key: tuple(values) for key, values in figures.items()}


def _by_buyer(order: Order, lines: list[Line], rates: _Rates) -> dict[Key, tuple]:
    """A counting order's contracted roubles for its buyer, its lines without a rate, and 1."""
    if order.status == Order.Status.CANCELLED or order.signed_on is None:
        return {}
    contracted, missing = Decimal(0), 0
    for line in lines:
        rate = rates(line.currency, order.signed_on)
        if rate is None:
            missing += 1
        else:
            contracted += cents(line.amount * rate)
    buyer = (order.buyer_name, str(order.buyer_country), order.buyer_region)
    values = (contracted, missing, 1)
    return {("buyer", order.signed_on.year, *buyer): values, ("buyer", ALL, *buyer): values}


class Parts(NamedTuple):
    """An order's lines, sellers and payments, each in the order of its key, as a service has
    just read them (None: not read)."""

    lines: list[Line] | None = None
    sellers: list[Seller] | None = None
    payments: list[Payment] | None = None


UNREAD = Parts()


def contribution(order_id: int, order: Order | None = None, read: Parts = UNREAD) -> dict:
    """What the order adds to the rollups as it is now (read, unless given as it is; its
    parts too)."""
    if order is None:
        order = Order.objects.filter(pk=order_id).first()
    if order is None or order.status == Order.Status.QUOTE or order.signed_on is None:
        return {}
    lines = read.lines
    if lines is None:
        lines = list(Line.objects.filter(order_id=order.pk).order_by("pk"))
    sellers = read.sellers
    if sellers is None:
        sellers = list(Seller.objects.filter(order_id=order.pk).order_by("pk"))
    if not lines or not sellers:
        return {}
    rates = _Rates()
    figures = projected(_fine(order, lines, sellers, rates, read.payments))
    figures.update(_by_buyer(order, lines, rates))
    return figures


def _summed(parts: Iterable[dict[Key, tuple]]) -> dict[Key, tuple]:
    total: dict[Key, tuple] = {}
    for part in parts:
        for key, values in part.items():
            _add(total, key, values)
    return total


def rollups_apply(before: dict[Key, tuple], after: dict[Key, tuple]) -> None:
    """Move the rollups by after − before: one statement per table (and one more for rows
    left at zero, which go); on PostgreSQL one for every table at once, when each table's rows
    fit in one (a data-modifying `WITH`, which SQLite lacks)."""
    rows: dict[str, list[tuple]] = defaultdict(list)
    for key in before.keys() | after.keys():
        width = len(TABLES[key[0]][2])
        old, new = before.get(key, (0,) * width), after.get(key, (0,) * width)
        delta = tuple(b - a for a, b in zip(old, new, strict=True))
        if any(delta):
            rows[key[0]].append((*key[1:], *delta))
    batches = [
        (table, sorted(rows[table][start : start + BATCH], key=str))
        for table in sorted(rows)
        for start in range(0, len(rows[table]), BATCH)
    ]
    if connection.vendor == "postgresql" and 1 < len(batches) == len(rows):
        _upserted(_upsert_together(batches))
        return
    for table, batch in batches:
        _upserted(_upsert_one(table, batch))


def _upsert_sql(table: str, rows: list[tuple]) -> tuple[str, list, list[str]]:
    """The table's upsert of the rows, its parameters, and the moved columns it returns (after
    the row's id)."""
    model, keys, values = TABLES[table]
    quote = connection.ops.quote_name
    name = quote(model._meta.db_table)
    columns = [quote(field) for field in keys + values]  # each column is named as its field
    moved = columns[len(keys) :]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES {', '.join([row] * len(rows))} "
        f"ON CONFLICT ({', '.join(columns[: len(keys)])}) DO UPDATE SET "
        + ", ".join(f"{c} = {name}.{c} + EXCLUDED.{c}" for c in moved)
        + f" RETURNING {quote('id')}, {', '.join(moved)}"
    )
    return sql, [value for each in rows for value in each], moved


def _upsert_one(table: str, rows: list[tuple]) -> dict[str, list[int]]:
    """The ids of the rows left at zero."""
    sql, params, _moved = _upsert_sql(table, rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # SQLite keeps decimals as floats: a row back at zero may carry a trace of rounding
        return {
            table: [got[0] for got in cursor.fetchall() if all(abs(v) < 0.005 for v in got[1:])]
        }


def _upsert_together(batches: list[tuple[str, list[tuple]]]) -> dict[str, list[int]]:
    """Every table's upsert in one statement (PostgreSQL): the ids of the rows left at zero."""
    parts, selects, params = [], [], []
    for index, (table, rows) in enumerate(batches):
        sql, values, moved = _upsert_sql(table, rows)
        parts.append(f"t{index} AS ({sql})")
        zero = " AND ".join(f"{column} = 0" for column in moved)
        selects.append(f"SELECT {index}, id FROM t{index} WHERE {zero}")
        params += values
    gone: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {' UNION ALL '.join(selects)}", params)
        for index, row_id in cursor.fetchall():
            gone[batches[index][0]].append(row_id)
    return gone


def _upserted(gone: dict[str, list[int]]) -> None:
    """Delete the rows left at zero."""
    for table, ids in gone.items():
        if ids:
            TABLES[table][0]._default_manager.filter(pk__in=ids).delete()


@contextmanager
def moving_orders(
    order_ids: Iterable[int] = (),
    *,
    orders: Iterable[Order] = (),
    read: dict[int, Parts] | None = None,
) -> Iterator[None]:
    """Around a change of these orders (inside its transaction): the rollups move by what the
    change takes back and adds. An order given as an instance (locked, and changed in place by
    the service) is not read again, nor the parts the service keeps in `read` by the order's id
    (before the change as they are then, and after it as it leaves them)."""
    known = {order.pk: order for order in orders}
    ids = sorted(set(order_ids) | known.keys())
    read = read if read is not None else {}
    before = _summed(
        contribution(order_id, known.get(order_id), read.get(order_id, UNREAD)) for order_id in ids
    )
    yield
    after = _summed(
        contribution(order_id, known.get(order_id), read.get(order_id, UNREAD)) for order_id in ids
    )
    rollups_apply(before, after)


def rollups_recomputed() -> dict[Key, tuple]:
    """The rollups as the orders' lines and payments make them, summed afresh."""
    total = _summed(contribution(order.pk, order) for order in Order.objects.iterator())
    return {key: values for key, values in total.items() if any(values)}


def rollups_stored() -> dict[Key, tuple]:
    """The rollups as stored, in the shape of `rollups_recomputed`."""
    found: dict[Key, tuple] = {}
    for table, (model, keys, values) in TABLES.items():
        for row in model._default_manager.values_list(*keys, *values):
            key = tuple(
                str(v) if k in ("country", "buyer_country") else v
                for k, v in zip(keys, row, strict=False)
            )
            found[(table, *key)] = row[len(keys) :]
    return found


@transaction.atomic
def rollups_rebuild() -> int:
    """Replace every rollup by the recomputation (after a bulk load, or as a repair; the
    services keep them right). Returns the rows written."""
    tables: dict[str, list] = defaultdict(list)
    for key, values in rollups_recomputed().items():
        model, keys, fields = TABLES[key[0]]
        tables[key[0]].append(model(**dict(zip(keys + fields, key[1:] + values, strict=True))))
    for model, _keys, _values in TABLES.values():
        model._default_manager.all().delete()
    for table, rows in tables.items():
        TABLES[table][0]._default_manager.bulk_create(rows, batch_size=2000)
    return sum(len(rows) for rows in tables.values())
