"""Sales reports and order saving at scale, on SQLite and PostgreSQL (issue 21, the sales half;
the quality index has its own benchmark, `bench/quality_index.py`).

    python bench/sales_quality.py [--scale S] [--rounds N]   # every database
    python bench/sales_quality.py --database-url URL         # one
    python bench/sales_quality.py --scale 0.05               # a quick run at a twentieth

The first run stores in bulk (COPY on PostgreSQL) 20 members, 10,000 products and 1,000,000
order lines over ten years (2016–2025), five to a signed order, sold to buyers in 50 countries
(Russia's buyers over eight regions), all in roubles, one seller each; and the monthly rollups
those lines make. Later runs at the same scale reuse the database. Measured, as an operator:
every report of `GET /api/sales/reports/{name}` (quarter, year, product, member, country,
region, flow), over all years and over one year, `--rounds` times each (target p95 ≤ 50 ms),
each checked equal to the sums of the lines themselves; top buyers (summed from the lines: the
rollups keep no buyer; no target); and saving a five-line order — created, its five lines
added and signed through the services, the rollups moved — (target p95 ≤ 20 ms).
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
    from django.db import transaction

    from edcluster.catalog.models import Product
    from edcluster.organizations.models import Organization
    from edcluster.sales.models import Line, Order, Rollup, Seller

    rng = random.Random(21)
    started = time.perf_counter()
    lines = max(PER_ORDER * 10, int(LINES * scale))
    with transaction.atomic():
        members = [
            Organization(
                slug=f"seller-{i}", name_ru=f"Продавец {i}", name_en=f"Seller {i}",
                kind="university", status="admitted", country="RU",
                region=HOME if i % 4 else rng.choice(REGIONS[1:]), **STAMPS,
            )
            for i in range(MEMBERS)
        ]  # fmt: skip
        store(members)
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
        orders, sellers, rows = [], [], []
        rollups: dict[tuple, Decimal] = defaultdict(Decimal)
        for number in range(lines // PER_ORDER):
            country = rng.choice(COUNTRIES)
            region = rng.choice(REGIONS) if country == "RU" else ""
            signed = date(2016 + rng.randrange(10), rng.randrange(1, 13), rng.randrange(1, 29))
            order = Order(
                number=f"B-{number}", buyer_kind="organization",
                buyer_name=f"Buyer {number % 5000}", buyer_country=country, buyer_region=region,
                status="signed", status_on=signed, signed_on=signed, **STAMPS,
            )  # fmt: skip
            orders.append(order)
            member = rng.choice(members)
            sellers.append((order, member))
            flow = flow_of(country, region)
            for _ in range(PER_ORDER):
                product = rng.choice(products)
                quantity, price = Decimal(rng.randint(1, 30)), Decimal(rng.randint(100, 9000) * 10)
                rows.append((order, product, quantity, price, flow))
                key = (signed.replace(day=1), product.pk, member.pk, country, region, flow)
                rollups[key] += quantity * price
        store(orders)
        store([Seller(order=o, organization=m, share=Decimal(100)) for o, m in sellers])
        store(
            [
                Line(order=o, product=p, quantity=q, unit="learners", unit_price=u, currency="RUB",
                     flow=f)
                for o, p, q, u, f in rows
            ]
        )  # fmt: skip
        store(
            [
                Rollup(month=k[0], product_id=k[1], member_id=k[2], country=k[3], region=k[4],
                       flow=k[5], contracted=v)
                for k, v in rollups.items()
            ]
        )  # fmt: skip
    print(
        f"  built {len(rows):,} lines in {len(orders):,} orders, {len(products):,} products, "
        f"{len(rollups):,} rollup rows in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


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
    from django.db import transaction
    from django.test import Client

    from edcluster.accounts.models import User
    from edcluster.catalog.models import Product
    from edcluster.organizations.models import Organization
    from edcluster.sales import reports, reports_extra, services
    from edcluster.sales.models import Line

    call_command("migrate", verbosity=0)
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
            rows = {
                row.key: row.contracted
                for row in reports.report(viewer=operator, name=name, year=year)
            }
            if rows != direct(name, year):
                misses.append(name)
            print(f"  {summary(f'{name} ({year or "all years"})', timings)}", flush=True)
        print(f"  reports equal to the lines' own sums: {not misses} {misses or ''}", flush=True)
    timings = []
    for year in (None, 2021):
        for _ in range(max(3, rounds // 4)):
            began = time.perf_counter()
            reports_extra.top_buyers(viewer=operator, year=year)
            timings.append((time.perf_counter() - began) * 1000)
    print(f"  {summary('top buyers (from the lines; no target)', timings)}", flush=True)
    products = list(Product.objects.order_by("?")[:PER_ORDER])
    seller = Organization.objects.get(slug="seller-1")
    buyer = services.buyer_fields(
        kind="organization", organization=None, name="Bench buyer", country="KZ", region=""
    )
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        with transaction.atomic():
            order = services.order_create(
                actor=None, buyer=buyer, sellers=[(seller, Decimal(100))], on=date(2025, 6, 2)
            )
            for product in products:
                services.line_add(
                    order=order, actor=None, product=product, quantity=Decimal(3),
                    unit="learners", unit_price=Decimal("12500.00"), currency="RUB",
                )  # fmt: skip
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
