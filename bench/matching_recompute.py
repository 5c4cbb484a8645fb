"""The full matching recompute (the demand every product meets) with 1,000,000 postings and
10,000 products, and one changed product's recount, on SQLite and PostgreSQL.

    python bench/matching_recompute.py [--postings N] [--products N]   # every database
    python bench/matching_recompute.py --database-url URL              # one

The first run loads ESCO and stores N postings of 2025 (8 regions) with eight skills each and
M products with twelve skills each, both drawn from skewed distributions over the same 3,000
ESCO skills (generated facts and links stored in bulk, not extracted: this measures matching,
not extraction); later runs reuse the database. Then `product_demand_recompute` counts, for
every product, the postings asking for a skill it teaches, by region (printed with where the
time went and the process's peak memory), and 20 products are recounted one at a time as when
an editor changes a skill. Targets (issue 6): full recompute ≤ 30 s on 2 cores; one changed
product ≤ 1 s.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date

from common import REGIONS, django_for, exists, recreate, summary, targets

POSTING_COLUMNS = ("source", "external_id", "title", "text", "text_hash", "content_hash")
POSTING_COLUMNS += ("employer", "region", "city", "currency", "url", "fact_month", "fact_region")


def posting_rows(generator: random.Random, postings: int, sqlite: bool):
    """Generated postings of 2025 over the regions, as POSTING_COLUMNS."""
    months = [date(2025, m, 1) for m in range(1, 13)]
    for i in range(postings):
        region, month = generator.choice(REGIONS), generator.choice(months)
        day = month.isoformat() if sqlite else month
        yield ("bench", f"p-{i}", "Инженер", "generated", i, 0, "", region, "", "", "", day, region)


def products_build(generator: random.Random, skills: list[int], products: int) -> None:
    """Published products, each teaching 12 skills drawn with a milder skew than demand's."""
    from edcluster.catalog.models import Product
    from edcluster.core.bulk import bulk_insert
    from edcluster.matching.models import ProductSkill

    supply_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(skills))]
    Product.objects.bulk_create(
        (
            Product(
                kind="short_course",
                title_en=f"Course {i}",
                title_ru=f"Курс {i}",
                slug=f"bench-{i}",
                status=Product.Status.PUBLISHED,
            )
            for i in range(products)
        ),
        batch_size=2000,
    )
    bulk_insert(
        ProductSkill,
        ("product_id", "skill_id", "origin", "decision", "score", "evidence"),
        (
            (pk, skill, "extractor", "", 0.9, "generated")
            for pk in Product.objects.values_list("pk", flat=True)
            for skill in set(generator.choices(skills, weights=supply_weights, k=12))
        ),
    )


def build(postings: int, products: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from edcluster.core.bulk import bulk_insert
    from edcluster.demand.models import JobPosting, PostingSkill
    from edcluster.matching.models import ProductSkill
    from edcluster.skills.models import Skill

    call_command("migrate", verbosity=0)
    call_command("skills_load", verbosity=0)
    generator = random.Random(13)
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))[:3000]
    demand_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(skills))]
    sqlite = connection.vendor == "sqlite"
    started = time.perf_counter()
    with transaction.atomic():
        bulk_insert(JobPosting, POSTING_COLUMNS, posting_rows(generator, postings, sqlite))
        ids = list(JobPosting.objects.order_by("pk").values_list("pk", flat=True))
        bulk_insert(
            PostingSkill,
            ("posting_id", "skill_id", "score", "evidence", "method"),
            (
                (pk, skill, 1.0, "", "dense")
                for pk in ids
                for skill in set(generator.choices(skills, weights=demand_weights, k=8))
            ),
        )
        products_build(generator, skills, products)
    if not sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"  built {postings:,} postings, {PostingSkill.objects.count():,} facts, {products:,} "
        f"products and {ProductSkill.objects.count():,} skill links in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def measure(url: str, postings: int, products: int) -> None:
    fresh = not exists(url)
    if fresh:
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench")
    from django.core.management import call_command

    from edcluster.demand.models import JobPosting
    from edcluster.matching.models import ProductDemand, ProductSkill
    from edcluster.matching.services.reach import product_demand_recompute, product_demand_refresh

    call_command("migrate", verbosity=0)
    if fresh or not JobPosting.objects.exists():
        build(postings, products)
    stats: dict = {}
    product_demand_recompute(stats=stats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  full recompute: {stats['total s']:.1f} s for {stats['products']:,} products over "
        f"{stats['postings']:,} postings and {stats['facts']:,} facts (reading postings "
        f"{stats['read postings s']:.1f} s, facts {stats['read facts s']:.1f} s, counting "
        f"{stats['count s']:.1f} s, storing {stats['store s']:.1f} s); peak memory {peak:.0f} MB"
        f" on {os.cpu_count()} cores",
        flush=True,
    )
    before = dict(ProductDemand.objects.filter(region="*").values_list("product_id", "postings"))
    chosen = list(ProductSkill.objects.values_list("product_id", flat=True).distinct()[:20])
    timings = []
    for pk in chosen:
        began = time.perf_counter()
        product_demand_refresh([pk])
        timings.append((time.perf_counter() - began) * 1000)
    after = dict(
        ProductDemand.objects.filter(product_id__in=chosen, region="*").values_list(
            "product_id", "postings"
        )
    )
    same = all(after[pk] == before[pk] for pk in chosen)
    print(
        "  "
        + summary("one product recounted exactly", timings)
        + f"; equal to the full recompute: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.postings, args.products)
        return
    print("full matching recompute (targets: ≤ 30 s for all; one changed product ≤ 1 s)")
    for label, url in targets("recompute"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--postings",
                str(args.postings),
                "--products",
                str(args.products),
                "--database-url",
                url,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
