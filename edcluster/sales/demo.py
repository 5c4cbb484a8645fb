"""The demo cluster's sales: 60 orders over three years of the demo catalog's products, bought
in Kazakhstan, China, Uzbekistan, Mongolia, India, other Russian regions and Tomsk, one import
(a foreign online course bought by a member), part-paid and cancelled ones among them, and the
exchange rates of their dates marked "demo values" (invented, not the Bank of Russia's); three
orders members bought from other members and received (their staff rate them in quality's
demo); three licences (other Russian regions and abroad, one in force: the product adopted
there). Idempotent: the demo's orders are numbered DEMO-…, the licences found by licensee, and a
second run adds nothing."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Product
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.organizations.models import Organization
from edcluster.sales import services
from edcluster.sales.models import ExchangeRate, Licence, Order
from edcluster.sales.services.flows import in_home_region

DEMO_SOURCE = "demo values"
# Roubles per unit, about their 2024–2026 level; each date's demo rate drifts around it.
BASE_RATES = {
    "CNY": Decimal("12.5"),
    "KZT": Decimal("0.18"),
    "UZS": Decimal("0.0072"),
    "MNT": Decimal("0.027"),
    "INR": Decimal("1.05"),
    "USD": Decimal("90"),
}
BUYERS = [
    ("organization", "Astana IT University", "KZ", "", "KZT"),
    ("organization", "Jilin Institute of Chemical Technology", "CN", "", "CNY"),
    ("organization", "Tashkent University of Information Technologies", "UZ", "", "UZS"),
    ("organization", "Mongolian University of Science and Technology", "MN", "", "MNT"),
    ("organization", "Indian Institute of Technology Kharagpur", "IN", "", "INR"),
    ("person", "Wang Fang", "CN", "", "CNY"),
    ("person", "Aigerim Nurlanovna", "KZ", "", "KZT"),
    ("organization", "Кузбасский технопарк", "RU", "Кемеровская область", "RUB"),
    ("organization", "СИБУР, Новосибирский филиал", "RU", "Новосибирская область", "RUB"),
    ("organization", "Красноярская ГРЭС-2", "RU", "Красноярский край", "RUB"),
    ("organization", "Томскнефтехим", "RU", "Томская область", "RUB"),
]


def _rate(rng: random.Random, currency: str, on: date) -> None:
    if currency == "RUB" or ExchangeRate.objects.filter(currency=currency, on=on).exists():
        return
    drift = Decimal(rng.randint(-80, 80)) / 1000
    roubles = (BASE_RATES[currency] * (1 + drift)).quantize(Decimal("0.00000001"))
    ExchangeRate.objects.create(currency=currency, on=on, roubles=roubles, source=DEMO_SOURCE)


def _products() -> list[Product]:
    tomsk = [
        product
        for product in Product.objects.filter(source_system="demo-catalog", status="published")
        .prefetch_related("owners")
        .order_by("pk")
        if any(in_home_region(country=o.country, region=o.region) for o in product.owners.all())
    ]
    return tomsk[:20]


def _order(rng: random.Random, index: int, product: Product, buyer: tuple) -> Order:
    kind, name, country, region, currency = buyer
    signed_on = date(2024, 1, 15) + timedelta(days=rng.randint(0, 2 * 365 + 300))
    order = services.order_create(
        actor=None,
        buyer=services.buyer_fields(
            kind=kind, organization=None, name=name, country=country, region=region
        ),
        product=product,
        number=f"DEMO-{index:03d}",
        note="Демонстрационная запись: заказ и его суммы выдуманы.",
        on=signed_on - timedelta(days=14),
    )
    price = Decimal(rng.choice([15000, 40000, 90000, 180000]))
    if currency != "RUB":
        price = (price / BASE_RATES[currency]).quantize(Decimal(1))
    _rate(rng, currency, signed_on)
    services.line_add(
        order=order,
        actor=None,
        product=product,
        quantity=Decimal(rng.randint(1, 25)),
        unit=rng.choice(["seats", "learners", "hours"]) if kind != "person" else "seats",
        unit_price=price,
        currency=currency,
    )
    return order


def _progress(rng: random.Random, order: Order, index: int) -> None:
    """Sign, then deliver and pay (in full, in part or not yet), or cancel."""
    signed_on = order.status_on + timedelta(days=14)
    order = services.order_move(order=order, actor=None, to="signed", on=signed_on)
    if index % 15 == 7:
        services.order_move(order=order, actor=None, to="cancelled", on=signed_on + timedelta(30))
        return
    line = order.lines.get()
    paid_on = signed_on + timedelta(days=rng.randint(10, 60))
    if paid_on > date(2026, 11, 30):
        return
    _rate(rng, line.currency, paid_on)
    share = Decimal(1) if index % 4 else Decimal("0.5")  # every fourth part-paid
    services.payment_add(
        order=order,
        actor=None,
        paid_on=paid_on,
        amount=(line.amount * share).quantize(Decimal("0.01")),
        currency=line.currency,
    )
    if share == 1:
        order = services.order_move(order=order, actor=None, to="paid", on=paid_on)
        services.order_move(order=order, actor=None, to="closed", on=paid_on + timedelta(days=7))


def _import(rng: random.Random) -> None:
    """A foreign partner's online course bought by a member of the cluster."""
    foreign = Organization.objects.exclude(country="RU").order_by("pk").first()
    buyer = Organization.objects.filter(region="Томская область", status="admitted").first()
    if foreign is None or buyer is None:
        return
    product = catalog_services.product_create(
        owner=foreign,
        actor=None,  # type: ignore[arg-type]
        fields={
            "kind": "mooc",
            "title_en": "Process safety online (demo import)",
            "title_ru": "Промышленная безопасность онлайн (демонстрационный импорт)",
        },
    )
    order = services.order_create(
        actor=None,
        buyer=services.buyer_fields(
            kind="member", organization=buyer, name="", country="", region=""
        ),
        product=product,
        number="DEMO-IMPORT",
        note="Демонстрационная запись: импорт онлайн-курса.",
        on=date(2025, 9, 1),
    )
    _rate(rng, "USD", date(2025, 9, 10))
    services.line_add(
        order=order,
        actor=None,
        product=product,
        quantity=Decimal(30),
        unit="licences",
        unit_price=Decimal(120),
        currency="USD",
    )
    services.order_move(order=order, actor=None, to="signed", on=date(2025, 9, 10))


@transaction.atomic
def demo_sales_seed() -> int:
    """The demo orders, once; the number made."""
    if Order.objects.filter(number__startswith="DEMO-").exists():
        return 0
    products = _products()
    if not products:
        return 0  # the catalog's seeder has not run
    rng = random.Random(21)
    for index in range(60):
        order = _order(rng, index, products[index % len(products)], BUYERS[index % len(BUYERS)])
        if index % 10 != 9:  # every tenth stays a quote
            _progress(rng, order, index)
    _import(rng)
    return Order.objects.filter(number__startswith="DEMO-").count()


# Members' staff who buy training from other members (the demo's employer logins).
MEMBER_BUYERS = ("siberian-petrochemical", "siberian-digital", "tpu")
DEMO_NOTE = "Демонстрационная запись: заказ и его суммы выдуманы."


def _member_order(number: str, buyer: Organization, products: list[Product], end: str) -> None:
    order = services.order_create(
        actor=None,
        buyer=services.buyer_fields(
            kind="member", organization=buyer, name="", country="", region=""
        ),
        product=products[0],
        number=number,
        note=DEMO_NOTE,
        on=date(2026, 2, 16),
    )
    for product in products:
        services.line_add(
            order=order,
            actor=None,
            product=product,
            quantity=Decimal(12),
            unit="learners",
            unit_price=Decimal(35000),
            currency="RUB",
        )
    order = services.order_move(order=order, actor=None, to="signed", on=date(2026, 3, 2))
    order = services.order_move(order=order, actor=None, to="delivered", on=date(2026, 5, 29))
    if end == "delivered":
        return
    services.payment_add(
        order=order,
        actor=None,
        paid_on=date(2026, 6, 15),
        amount=Decimal(12 * 35000 * len(products)),
        currency="RUB",
    )
    order = services.order_move(order=order, actor=None, to="paid", on=date(2026, 6, 15))
    if end == "closed":
        services.order_move(order=order, actor=None, to="closed", on=date(2026, 6, 30))


@transaction.atomic
def demo_member_orders_seed() -> int:
    """Three orders members bought from other members' Tomsk products, delivered, paid and
    closed (the first of two products); the number made."""
    products = _products()
    made = 0
    for index, slug in enumerate(MEMBER_BUYERS):
        number = f"DEMO-M{index + 1:02d}"
        buyer = Organization.objects.filter(slug=slug, status="admitted").first()
        if buyer is None or Order.objects.filter(number=number).exists():
            continue
        theirs = [p for p in products if not p.owners.filter(pk=buyer.pk).exists()]
        chosen = theirs[index * 2 : index * 2 + (2 if index == 0 else 1)]
        if not chosen:
            continue
        _member_order(number, buyer, chosen, ("delivered", "paid", "closed")[index])
        made += 1
    return made


# (licensee, country, region, activated): another Russian region, abroad.
LICENCES = (
    ("Кузбасский технопарк", "", "Кемеровская область", True),
    ("СИБУР, Новосибирский филиал", "", "Новосибирская область", False),
    ("Astana IT University", "KZ", "", False),
)


@transaction.atomic
def demo_licences_seed() -> int:
    """Three licences of the demo's Tomsk products, the first in force (activating it adopts the
    product in its region, through the catalog's service); the number made."""
    products = _products()[5:8]
    made = 0
    for product, (licensee, country, region, active) in zip(products, LICENCES, strict=False):
        if Licence.objects.filter(product=product, licensee_name=licensee).exists():
            continue
        licence = services.licence_create(
            product=product,
            actor=None,
            fields={
                "licensee_name": licensee,
                "countries": [country] if country else [],
                "regions": [region] if region else [],
                "starts_on": date(2026, 1, 12),
                "ends_on": date(2028, 12, 31),
                "lump_sum": Decimal(600000),
                "per_learner": Decimal(2500),
                "currency": "RUB",
                "learner_cap": 200,
            },
        )
        if active:
            services.licence_activate(licence=licence, actor=None, on=date(2026, 2, 1))
        made += 1
    return made


def demo_sales_seeder(options: DemoOptions) -> Seeded:
    made = demo_sales_seed() + demo_member_orders_seed()
    licences = demo_licences_seed()
    return Seeded(
        summary=(
            f"{Order.objects.count()} orders, {made} new; "
            f"{Licence.objects.count()} licences, {licences} new"
        )
    )
