"""Catalog search and suggestion latency over 100,000 products, on SQLite and PostgreSQL.

    python bench/catalog_search.py [--products N] [--rounds R]   # every database
    python bench/catalog_search.py --database-url URL            # one

The first run generates the products (`catalog_generate`, through the real import and search
index: minutes); later runs reuse the database. The query mix is fixed: whole words in Russian
and English (common and rare, in various grammatical forms) and three-letter prefixes, as a
person types them. Each query is asked through the API as an anonymous visitor would (Django's
test client: everything but the network), first page of 20 with its count.
Target (issue 3): p95 ≤ 25 ms and p99 ≤ 50 ms for search and for suggestions.
"""

import argparse
import subprocess
import sys
import time
from urllib.parse import quote

from common import django_for, exists, summary, targets

WORDS = [
    "программирование",
    "программированию",
    "химии",
    "обучения",
    "проектирования",
    "безопасности",
    "робототехника",
    "логистике",
    "геологии",
    "педагогика",
    "статистики",
    "квантовых",
    "management",
    "programs",
    "data",
    "analysing",
    "teaching",
    "safety",
    "chemistry",
    "design",
    "software",
    "financial",
    "students",
    "welding",
]
PREFIXES = [
    "про",
    "упр",
    "эко",
    "мат",
    "инф",
    "физ",
    "био",
    "ген",
    "лин",
    "кв",
    "man",
    "dat",
    "ana",
    "pro",
    "tea",
    "saf",
    "che",
    "des",
    "sof",
    "fin",
    "stu",
    "wel",
    "con",
    "app",
]


def measure(url: str, products: int, rounds: int) -> None:
    django_for(
        url, TASKS_BACKEND="immediate", DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver"
    )
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from edcluster.catalog.models import Product

    call_command("migrate", verbosity=0)
    have = Product.objects.filter(source_system="generator").count()
    if have < products:
        print(
            f"  generating {products - have:,} products (once; later runs reuse them)…", flush=True
        )
        started = time.perf_counter()
        call_command("catalog_generate", count=products, stdout=sys.stderr)
        print(f"  generated and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        # After a bulk load: statistics, and on PostgreSQL the visibility map that lets it
        # answer from the index alone (autovacuum does this in production, in its own time).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client()
    endpoints = {
        "search": lambda q: f"/api/catalog/products?q={quote(q)}&page_size=20",
        "suggest": lambda q: f"/api/catalog/suggest?q={quote(q)}",
    }
    for name, address in endpoints.items():
        for query in WORDS + PREFIXES:  # warm the caches once
            assert client.get(address(query), secure=True).status_code == 200
        timings: dict[str, list[float]] = {"words": [], "prefixes": []}
        counts = []
        for _round in range(rounds):
            for kind, queries in (("words", WORDS), ("prefixes", PREFIXES)):
                for query in queries:
                    started = time.perf_counter()
                    response = client.get(address(query), secure=True)
                    timings[kind].append((time.perf_counter() - started) * 1000)
                    if name == "search":
                        counts.append(response.json()["count"])
        everything = timings["words"] + timings["prefixes"]
        print("  " + summary(f"{name} (whole words and prefixes)", everything))
        for kind, values in timings.items():
            print("    " + summary(kind, values))
        if counts:
            print(
                f"    matches per query: median {sorted(counts)[len(counts) // 2]:,}, "
                f"max {max(counts):,} (counts stop at 1,000)"
            )
    print(f"  products in the database: {Product.objects.count():,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.products, args.rounds)
        return
    print(
        f"catalog search over {args.products:,} products, {len(WORDS)} words + "
        f"{len(PREFIXES)} prefixes × {args.rounds} rounds (target: p95 ≤ 25 ms, p99 ≤ 50 ms)"
    )
    for label, url in targets("search"):
        print(f"{label}:", flush=True)
        if not exists(url) and url.startswith("postgres"):
            from common import recreate

            recreate(url)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--products",
                str(args.products),
                "--rounds",
                str(args.rounds),
                "--database-url",
                url,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
