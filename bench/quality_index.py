"""The quality index at scale, on SQLite and PostgreSQL: 10,000 products, 1,000,000 learners'
answers, two expert reviews for a fifth of the products.

    python bench/quality_index.py [--products N] [--answers N]   # every database
    python bench/quality_index.py --database-url URL             # one

The first run stores the products (one run each), their answers (ratings skewed per product)
and reviews in bulk; later runs reuse the database. Measured (issue 21): every product's index
recomputed from the stored inputs (`quality_recompute`; target ≤ 10 s), checked against the
index of 20 products recomputed one at a time; then 200 learners' answers through
`POST /api/quality/feedback/{token}`, each recomputing its product's index (target p95 ≤ 30 ms).
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal

from common import django_for, exists, recreate, summary, targets

CYCLE = 2026


def build(products: int, answers: int) -> None:
    from django.db import transaction

    from edcluster.accounts.models import User
    from edcluster.catalog.models import Offering, Product
    from edcluster.core.bulk import bulk_insert
    from edcluster.quality.models import QUESTIONS, LearnerAnswer, Review, ReviewAssignment
    from edcluster.quality.selectors import criteria_current

    generator = random.Random(21)
    started = time.perf_counter()
    with transaction.atomic():
        Product.objects.bulk_create(
            Product(kind="short_course", title_en=f"Course {i}", slug=f"q-{i}", status="published")
            for i in range(products)
        )
        ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
        Offering.objects.bulk_create(
            Offering(product_id=pk, starts_on=date(2026, 2, 1), ends_on=date(2026, 6, 1))
            for pk in ids
        )
        runs = dict(Offering.objects.values_list("product_id", "pk"))
        expert = User.objects.create_user("bench-expert@example.org", "x", is_expert=True)
        other = User.objects.create_user("bench-expert2@example.org", "x", is_expert=True)
        reviewed = ids[: products // 5]
        ReviewAssignment.objects.bulk_create(
            ReviewAssignment(product_id=pk, expert=who, cycle=CYCLE, due_on=date(2026, 12, 1))
            for pk in reviewed
            for who in (expert, other)
        )
        scoresheet = criteria_current()
        Review.objects.bulk_create(
            Review(
                assignment_id=pk,
                criteria_set=scoresheet,
                recommendation="endorse",
                weighted_score=Decimal(generator.randint(1500, 5000)) / 1000,
            )
            for pk in ReviewAssignment.objects.values_list("pk", flat=True)
        )
        quality = {pk: generator.uniform(2.5, 4.8) for pk in ids}
        columns = ["offering_id", "product_id", *QUESTIONS, "comment", "rating", "cycle"]

        def rows():
            for _ in range(answers):
                pk = generator.choice(ids)
                scores = [
                    max(1, min(5, round(generator.gauss(quality[pk], 0.8)))) for _ in QUESTIONS
                ]
                rating = Decimal(sum(scores)) / 4
                yield (runs[pk], pk, *scores, "", rating, CYCLE)

        bulk_insert(LearnerAnswer, columns, rows())
    print(
        f"  built {products:,} products, {answers:,} answers and {len(reviewed) * 2:,} reviews "
        f"in {time.perf_counter() - started:.0f} s"
    )


def settle() -> None:
    """The tables as autovacuum leaves them in production (the bench's server may run without
    it): PostgreSQL's visibility map set and statistics fresh, so a product's ratings are summed
    from the covering index alone; SQLite's statistics for its planner."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("quality_learneranswer", "quality_employerfeedback", "quality_review"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("ANALYZE")


def measure(url: str, products: int, answers: int) -> None:
    fresh = not exists(url)
    if fresh:
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command
    from django.test import Client

    from edcluster.catalog.models import Offering
    from edcluster.quality.models import LearnerAnswer, QualityIndex
    from edcluster.quality.services import index_recompute, indices_recompute, links_create

    call_command("migrate", verbosity=0)
    if fresh or not LearnerAnswer.objects.exists():
        build(products, answers)
    settle()
    print(f"  {LearnerAnswer.objects.count():,} answers")
    began = time.perf_counter()
    count = indices_recompute(cycle=CYCLE)
    print(f"  indices of {count:,} products recomputed in {time.perf_counter() - began:.2f} s")
    sample = list(QualityIndex.objects.filter(cycle=CYCLE).order_by("?")[:20])
    same = all(
        index_recompute(product_id=index.product_id, cycle=CYCLE).value == index.value
        for index in sample
    )
    print(f"  20 products recomputed one at a time equal the bulk recompute: {same}")
    runs = list(Offering.objects.order_by("?")[:200])
    tokens = [links_create(offering=run, actor=None, count=1)[0].token for run in runs]
    client = Client()
    body = {"content": 4, "teaching": 5, "usefulness": 4, "organisation": 3, "comment": ""}
    timings = []
    for token in tokens:
        started = time.perf_counter()
        response = client.post(
            f"/api/quality/feedback/{token}", body, "application/json", secure=True
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content[:300]
    print("  " + summary("a learner's answer", timings))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.products, args.answers)
        return
    print("quality indices (targets: all indices ≤ 10 s; a learner's answer p95 ≤ 30 ms)")
    for label, url in targets("quality"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--products",
                str(args.products),
                "--answers",
                str(args.answers),
                "--database-url",
                url,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
