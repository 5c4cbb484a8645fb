"""Sales reports and order saving at scale, on SQLite and PostgreSQL (issue 21, the sales half;
the quality index has its own benchmark, `bench/quality_index.py`).

    python bench/sales_quality.py [--scale S] [--rounds N]   # every database
    python bench/sales_quality.py --database-url URL         # one
    python bench/sales_quality.py --scale 0.05               # a quick run at a twentieth

The first run stores in bulk (COPY on PostgreSQL) 20 members, 10,000 products and 1,000,000
order lines over ten years (2016–2025), five to a signed order, sold to buyers in 50 countries
(Russia's buyers over eight regions), all in roubles, one seller each; and
the rollups those lines make (by quarter, product, place and buyer, as the services keep them).
Later runs at the same scale reuse the database. Measured, as an operator: every report of
`GET /api/sales/reports/{name}` (quarter, year, product, member, country, region, flow), over
all years and over one year, `--rounds` times each (target p95 ≤ 50 ms), each checked equal
to the sums of the lines themselves; top buyers (no target); and saving a five-line order —
created, its five lines added at once and signed through the services, the rollups moved —
(target p95 ≤ 20 ms).
"""

import argparse
import random
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

from common import REGIONS, django_for, exists, recreate, summary, targets

LINES, PRODUCTS, MEMBERS, PER_ORDER = 1_000_000, 10_000, 20, 5
COUNTRIES = (
    "RU KZ CN UZ MN IN KG TJ TM AZ AM GE BY VN LA KH TH MY ID PH KR JP TR IR IQ SY EG "
    "DZ MA TN NG ET KE ZA BR AR CL MX CO PE US CA DE FR IT ES RS SK HU"
).split()
HOME = "Томская область"
REPORTS = ("period", "year", "product", "member", "country", "region", "flow")


def store(objects: list) -> None:
    from edcluster.core.bulk import assign_keys, bulk_insert, model_rows

    if objects:
        assign_keys(objects)
        columns, rows = model_rows(objects)
        # A CountryField gives a Country, which COPY cannot adapt: its code is what is stored.
        plain = (tuple(getattr(v, "code", v) for v in row) for row in rows)
        bulk_insert(type(objects[0]), columns, plain)


NOW = datetime(2026, 12, 1, tzinfo=UTC)
STAMPS = {"created_at": NOW, "updated_at": NOW}


def flow_of(country: str, region: str) -> str:
    if country == "RU":
        return "domestic" if region == HOME else "export_regions"
    return "export_abroad"


def build(scale: float) -> None:
    """Members, products, orders, sellers, lines and the rollups they make, stored in bulk."""
    from django.db import connection, transaction

    from edcluster.sales.models import Line, Seller

    rng = random.Random(21)
    started = time.perf_counter()
    lines = max(PER_ORDER * 10, int(LINES * scale))
    with transaction.atomic():
        members, products = _members(rng), _products(scale)
        tables: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), 0]))
        batch = 20_000  # orders stored at a time (a million lines' objects would not fit well)
        for first in range(0, lines // PER_ORDER, batch):
            orders, sellers, rows = [], [], []
            for number in range(first, min(first + batch, lines // PER_ORDER)):
                orders.append(_order(rng, number, members, products, sellers, rows, tables))
            store(orders)
            store([Seller(order=o, organization=m, share=Decimal(100)) for o, m in sellers])
            store(
                [
                    Line(order=o, product=p, quantity=q, unit="learners", unit_price=u,
                         currency="RUB", flow=f)
                    for o, p, q, u, f in rows
                ]
            )  # fmt: skip
        stored = _rollups_store(tables)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # this server runs without autovacuum
            cursor.execute("VACUUM ANALYZE")
    print(
        f"  built {lines:,} lines in {lines // PER_ORDER:,} orders, {len(products):,} products, "
        f"{stored:,} rollup rows in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _members(rng) -> list:
    from edcluster.organizations.models import Organization

    members = [
        Organization(
            slug=f"seller-{i}", name_ru=f"Продавец {i}", name_en=f"Seller {i}",
            kind="university", status="admitted", country="RU",
            region=HOME if i % 4 else rng.choice(REGIONS[1:]), **STAMPS,
        )
        for i in range(MEMBERS)
    ]  # fmt: skip
    store(members)
    return members


def _products(scale: float) -> list:
    from edcluster.catalog.models import Product

    products = [
        Product(
            kind="short_course",
            title_en=f"Course {i}",
            slug=f"s-{i}",
            status="published",
            **STAMPS,
        )  # fmt: skip
        for i in range(max(10, int(PRODUCTS * scale)))
    ]
    store(products)
    return products


def _order(rng, number, members, products, sellers, rows, tables):
    """An order of five lines, and what it adds to each rollup (as the services would)."""
    from edcluster.sales.models import ALL, Order

    country = rng.choice(COUNTRIES)
    region = rng.choice(REGIONS) if country == "RU" else ""
    signed = date(2016 + rng.randrange(10), rng.randrange(1, 13), rng.randrange(1, 29))
    order = Order(
        number=f"B-{number}", buyer_kind="organization",
        buyer_name=f"Buyer {number % 5000}", buyer_country=country, buyer_region=region,
        status="signed", status_on=signed, signed_on=signed, **STAMPS,
    )  # fmt: skip
    member = rng.choice(members)
    sellers.append((order, member))
    flow = flow_of(country, region)
    year, quarter = signed.year, (signed.month - 1) // 3 + 1
    whole = Decimal(0)
    for _ in range(PER_ORDER):
        product = rng.choice(products)
        quantity, price = Decimal(rng.randint(1, 30)), Decimal(rng.randint(100, 9000) * 10)
        rows.append((order, product, quantity, price, flow))
        amount = quantity * price
        whole += amount
        for who in (member.pk, ALL):
            tables["product"][(who, year, product.pk)][0] += amount
            tables["product"][(who, ALL, product.pk)][0] += amount
    for who in (member.pk, ALL):
        tables["quarter"][(who, year, quarter, flow)][0] += whole
        tables["place"][(who, year, country, region, flow)][0] += whole
    for when in (year, ALL):
        tables["buyer"][(when, order.buyer_name, country, region)][0] += whole
        tables["buyer"][(when, order.buyer_name, country, region)][1] += 1
    return order


def _rollups_store(tables: dict[str, dict]) -> int:
    from edcluster.sales.services.rollups import TABLES

    stored = 0
    for name, figures in tables.items():
        model, keys, _values = TABLES[name]
        if name == "buyer":
            made = [
                model(**dict(zip(keys, key, strict=True)), contracted=c, orders=n)
                for key, (c, n) in figures.items()
            ]
        else:
            made = [
                model(**dict(zip(keys, key, strict=True)), contracted=c)
                for key, (c, _n) in figures.items()
            ]
        store(made)
        stored += len(made)
    return stored


def direct(name: str, year: int | None) -> dict[str, Decimal]:
    """Contracted roubles by the report's key, summed from the lines themselves."""
    from django.db.models import F, Sum

    from edcluster.sales.models import Line

    lines = Line.objects.filter(order__status="signed")
    if year:
        lines = lines.filter(order__signed_on__year=year)
    keyed = {
        "product": ("product_id",),
        "member": ("order__sellers__organization_id",),
        "country": ("order__buyer_country",),
        "region": ("order__buyer_country", "order__buyer_region"),
        "flow": ("flow",),
        "year": ("order__signed_on__year",),
        "period": ("order__signed_on__year", "order__signed_on__quarter"),
    }[name]
    found: dict[str, Decimal] = {}
    for row in lines.values(*keyed).annotate(total=Sum(F("quantity") * F("unit_price"))):
        parts = [str(row[field]) for field in keyed]
        if name == "region":
            key = f"{parts[0]}:{'' if parts[1] == 'None' else parts[1]}"
        elif name == "period":
            key = f"{parts[0]}-Q{parts[1]}"
        else:
            key = parts[0]
        found[key] = found.get(key, Decimal(0)) + Decimal(row["total"])
    return found


def measure(url: str, scale: float, rounds: int) -> None:
    marker = f"scale={scale}"
    fresh = not exists(url)
    if fresh:
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command
    from django.test import Client

    from edcluster.accounts.models import User
    from edcluster.organizations.models import Organization
    from edcluster.sales import reports_extra
    from edcluster.sales.models import Line

    call_command("migrate", verbosity=0)
    _vacuum()
    built = Organization.objects.filter(slug="seller-0", name_en=f"Seller 0 {marker}").exists()
    if not built and Line.objects.exists():
        print(f"  the database holds another scale: delete {url} to rebuild")
        return
    if not built:
        build(scale)
        Organization.objects.filter(slug="seller-0").update(name_en=f"Seller 0 {marker}")
    operator = User.objects.filter(email="bench-operator@example.org").first()
    operator = operator or User.objects.create_user(
        "bench-operator@example.org", "x", is_operator=True
    )
    client = Client()
    client.force_login(operator)
    print(f"  {Line.objects.count():,} lines", flush=True)
    _reports(client, operator, rounds)
    timings = []
    for year in (None, 2021):
        for _ in range(max(3, rounds // 4)):
            began = time.perf_counter()
            reports_extra.top_buyers(viewer=operator, year=year)
            timings.append((time.perf_counter() - began) * 1000)
    print(f"  {summary('top buyers (rollup by buyer; no target)', timings)}", flush=True)
    _saving(rounds)


def _vacuum() -> None:
    """What autovacuum would have done by now (this server runs without it): the rollups'
    statistics and visibility map brought up to date after earlier runs' orders, so that a
    count over an index reads the index alone, as on a server with autovacuum on."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("quarter", "product", "place", "buyer"):
                cursor.execute(f"VACUUM ANALYZE sales_{table}rollup")


def _reports(client, operator, rounds: int) -> None:
    """Every report through the API, over all years and over 2021: its first page (the API's
    default, 100 rows biggest first) timed; the page and the whole report checked against the
    lines' own sums."""
    from edcluster.sales import reports

    for year in (None, 2021):
        misses = []
        for name in REPORTS:
            timings = []
            query = f"?year={year}" if year else ""
            for _ in range(rounds):
                began = time.perf_counter()
                answer = client.get(f"/api/sales/reports/{name}{query}", secure=True)
                timings.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200, answer.content[:300]
            expected = direct(name, year)
            rows = {
                row.key: row.contracted
                for row in reports.report(viewer=operator, name=name, year=year)
            }
            page = answer.json()
            paged = {row["key"]: Decimal(row["contracted"]) for row in page["rows"]}
            if (
                rows != expected
                or page["count"] != len(expected)
                or any(expected.get(key) != value for key, value in paged.items())
            ):
                misses.append(name)
            print(f"  {summary(f'{name} ({year or "all years"})', timings)}", flush=True)
        print(f"  reports equal to the lines' own sums: {not misses} {misses or ''}", flush=True)


def _saving(rounds: int) -> None:
    """Saving a five-line order through the services: created, lines added, signed."""
    from django.db import transaction

    from edcluster.catalog.models import Product
    from edcluster.organizations.models import Organization
    from edcluster.sales import services

    products = list(Product.objects.order_by("?")[:PER_ORDER])
    seller = Organization.objects.get(slug="seller-1")
    buyer = services.buyer_fields(
        kind="organization", organization=None, name="Bench buyer", country="KZ", region=""
    )
    lines = [
        {"product": product, "quantity": Decimal(3), "unit": "learners"}
        | {"unit_price": Decimal("12500.00"), "currency": "RUB"}
        for product in products
    ]
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        with transaction.atomic():
            order = services.order_create(
                actor=None, buyer=buyer, sellers=[(seller, Decimal(100))], on=date(2025, 6, 2)
            )
            services.lines_add(order=order, actor=None, lines=lines)
            services.order_move(order=order, actor=None, to="signed", on=date(2025, 6, 3))
        timings.append((time.perf_counter() - began) * 1000)
    print(f"  {summary('saving a five-line order (created, lines, signed)', timings)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.scale, args.rounds)
        return
    print(
        f"sales reports at scale {args.scale} (targets: every report p95 ≤ 50 ms; "
        "saving a five-line order p95 ≤ 20 ms)"
    )
    for label, url in targets("sales"):
        print(f"{label}:", flush=True)
        command = [sys.executable, __file__, "--scale", str(args.scale)]
        command += ["--rounds", str(args.rounds), "--database-url", url]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
