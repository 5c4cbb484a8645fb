"""The monthly rollups (product × member × buyer's country × region × flow): every change of
an order moves them by exactly what the order added before the change and adds after it.

What an order adds (`contribution`): once signed and until cancelled, each line's amount at the
signing date's rate, by the month of signing (contracted); each payment at its date's rate,
spread over the lines by their amounts, by the month of payment (received); both split among
the sellers by their shares. A figure with no rate is left out and counted."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import F

from edcluster.sales.models import CENT, Line, Order, Payment, Rollup, Seller, cents
from edcluster.sales.services.conversion import rate_on

Key = tuple[date, int, int, str, str, str]  # month, product, member, country, region, flow
FIELDS = ("contracted", "contracted_missing", "received", "received_missing")
ZERO = (Decimal(0), 0, Decimal(0), 0)


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


def _add(figures: dict[Key, list], key: Key, index: int, value) -> None:
    if key not in figures:
        figures[key] = list(ZERO)
    figures[key][index] += value


def contribution(order_id: int) -> dict[Key, tuple]:
    """What the order adds to the rollups as it is now in the database."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or order.status == Order.Status.QUOTE or order.signed_on is None:
        return {}
    lines = list(Line.objects.filter(order_id=order_id).order_by("pk"))
    sellers = list(Seller.objects.filter(order_id=order_id).order_by("pk"))
    if not lines or not sellers:
        return {}
    rates = _Rates()
    figures: dict[Key, list] = {}
    place = (str(order.buyer_country), order.buyer_region)
    shares = [seller.share for seller in sellers]

    def spread(on: date, line: Line, index: int, roubles: Decimal | None, weights) -> None:
        for seller, value in zip(sellers, allocate(roubles, weights), strict=True):
            key = (on.replace(day=1), line.product_id, seller.organization_id, *place, line.flow)
            _add(figures, key, index + (roubles is None), 1 if roubles is None else value)

    if order.status != Order.Status.CANCELLED:
        for line in lines:
            rate = rates(line.currency, order.signed_on)
            roubles = None if rate is None else cents(line.amount * rate)
            spread(order.signed_on, line, 0, roubles, shares)
    amounts = [line.amount for line in lines]
    if not any(amounts):
        amounts = [Decimal(1)] * len(lines)
    for payment in Payment.objects.filter(order_id=order_id).order_by("pk"):
        rate = rates(payment.currency, payment.paid_on)
        roubles = None if rate is None else cents(payment.amount * rate)
        for line, part in zip(lines, allocate(roubles, amounts), strict=True):
            spread(payment.paid_on, line, 2, None if roubles is None else part, shares)
    return {key: tuple(values) for key, values in figures.items()}


def contributions(order_ids: Iterable[int]) -> dict[int, dict[Key, tuple]]:
    return {order_id: contribution(order_id) for order_id in order_ids}


def rollups_apply(before: dict[Key, tuple], after: dict[Key, tuple]) -> None:
    """Move the rollups by after − before, key by key; rows left at zero go."""
    for key in before.keys() | after.keys():
        old, new = before.get(key, ZERO), after.get(key, ZERO)
        delta = [new[index] - old[index] for index in range(4)]
        if not any(delta):
            continue
        month, product, member, country, region, flow = key
        where: dict = {
            "month": month,
            "product_id": product,
            "member_id": member,
            "country": country,
            "region": region,
            "flow": flow,
        }
        Rollup.objects.get_or_create(**where)
        Rollup.objects.filter(**where).update(
            **{name: F(name) + delta[index] for index, name in enumerate(FIELDS)}
        )
        Rollup.objects.filter(
            **where, contracted=0, contracted_missing=0, received=0, received_missing=0
        ).delete()


@contextmanager
def moving_orders(order_ids: Iterable[int]) -> Iterator[None]:
    """Around a change of these orders (inside its transaction): the rollups move by what the
    change takes back and adds."""
    ids = sorted(set(order_ids))
    before = contributions(ids)
    yield
    after = contributions(ids)
    for order_id in ids:
        rollups_apply(before[order_id], after[order_id])


def rollups_recomputed() -> dict[Key, tuple]:
    """The rollups as the orders' lines and payments make them, summed afresh."""
    total: dict[Key, list] = defaultdict(lambda: list(ZERO))
    for order_id in Order.objects.values_list("pk", flat=True):
        for key, values in contribution(order_id).items():
            for index in range(4):
                total[key][index] += values[index]
    return {key: tuple(values) for key, values in total.items() if any(values)}


def rollups_stored() -> dict[Key, tuple]:
    """The rollups as stored, in the shape of `rollups_recomputed`."""
    return {
        (row.month, row.product_id, row.member_id, str(row.country), row.region, row.flow): (
            row.contracted,
            row.contracted_missing,
            row.received,
            row.received_missing,
        )
        for row in Rollup.objects.all()
    }


def rollups_rebuild() -> int:
    """Replace every rollup by the recomputation (a repair; the services keep them right)."""
    Rollup.objects.all().delete()
    rows = [
        Rollup(
            month=key[0],
            product_id=key[1],
            member_id=key[2],
            country=key[3],
            region=key[4],
            flow=key[5],
            **dict(zip(FIELDS, values, strict=True)),
        )
        for key, values in rollups_recomputed().items()
    ]
    Rollup.objects.bulk_create(rows)
    return len(rows)
