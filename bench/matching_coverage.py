"""Coverage of demand by the catalog: the request page and the coverage API, on SQLite and
PostgreSQL, with 10,000 published products.

    python bench/matching_coverage.py [--products N]      # every database
    python bench/matching_coverage.py --database-url URL  # one

The first run loads ESCO and stores N published products, each teaching 12 skills drawn from a
skewed distribution over 3,000 ESCO skills (generated links, stored in bulk: this measures
reading), and 200 open employers' requests of 8 skills each; later runs reuse the database.
Each of 100 requests' pages is rendered (as an operator, coverage of the top 10 included) and
its coverage asked through the API. Targets (issue 6): a request page with its ranked products
p95 ≤ 100 ms; one changed product counts in the coverage at once (it is computed when asked):
the time to store an editor's change is printed.
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import date

from common import django_for, exists, recreate, summary, targets


def build(products: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from edcluster.accounts.models import User
    from edcluster.catalog.models import Product
    from edcluster.demand.models import DemandRequest, RequestSkill
    from edcluster.matching.models import ProductSkill
    from edcluster.skills.models import Skill
    from edcluster.testing import make_organization

    call_command("migrate", verbosity=0)
    call_command("skills_load", verbosity=0)
    generator = random.Random(7)
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))[:3000]
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(skills))]
    started = time.perf_counter()
    with transaction.atomic():
        employer = make_organization("bench-employer")
        author = User.objects.create_user(email="bench-author@example.org", password="x")
        Product.objects.bulk_create(
            Product(
                kind="short_course",
                title_en=f"Course {i}",
                title_ru=f"Курс {i}",
                slug=f"bench-{i}",
                status=Product.Status.PUBLISHED,
            )
            for i in range(products)
        )
        ids = list(Product.objects.values_list("pk", flat=True))
        ProductSkill.objects.bulk_create(
            ProductSkill(
                product_id=pk, skill_id=skill, origin="extractor", score=0.9, evidence="generated"
            )
            for pk in ids
            for skill in set(generator.choices(skills, weights, k=12))
        )
        for number in range(200):
            demand = DemandRequest.objects.create(
                organization=employer,
                author=author,
                title=f"Request {number}",
                description="generated",
                headcount=5,
                needed_by=date(2027, 9, 1),
            )
            RequestSkill.objects.bulk_create(
                RequestSkill(
                    request=demand,
                    skill_id=skill,
                    origin="employer",
                    importance="essential" if k < 5 else "nice",
                )
                for k, skill in enumerate(set(generator.choices(skills, weights, k=8)))
            )
    print(
        f"  built {products:,} products, {ProductSkill.objects.count():,} skill links and 200 "
        f"requests in {time.perf_counter() - started:.0f} s"
    )


def measure(url: str, products: int) -> None:
    fresh = not exists(url)
    if fresh:
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command
    from django.test import Client

    from edcluster.accounts.models import User
    from edcluster.catalog.models import Product
    from edcluster.demand.models import DemandRequest
    from edcluster.matching.services.product_skills import skill_add
    from edcluster.skills.models import Skill

    call_command("migrate", verbosity=0)
    if fresh or not DemandRequest.objects.exists():
        build(products)
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"is_operator": True})
    client = Client()
    client.force_login(user)
    requests = list(DemandRequest.objects.order_by("pk").values_list("pk", flat=True))[:100]
    print(f"  {Product.objects.count():,} products, {len(requests)} requests")
    for label, path in (
        ("request page", "/en/demand/requests/{}/"),
        ("coverage API", "/api/matching/coverage/requests/{}"),
    ):
        client.get(path.format(requests[0]), secure=True)  # warm
        timings = []
        for pk in requests:
            began = time.perf_counter()
            response = client.get(path.format(pk), secure=True)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.content[:300]
        print("  " + summary(label, timings))
    product = Product.objects.order_by("pk").first()
    skill = Skill.objects.exclude(pk__in=product.skill_links.values("skill_id")).first()
    began = time.perf_counter()
    skill_add(product=product, skill=skill, actor=user)
    print(
        f"  an editor's added skill stored in {(time.perf_counter() - began) * 1000:.1f} ms; "
        "coverage reads it on the next request"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.products)
        return
    print("coverage of employers' requests by the catalog (target: request page p95 ≤ 100 ms)")
    for label, url in targets("coverage"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [sys.executable, __file__, "--products", str(args.products), "--database-url", url],
            check=True,
        )


if __name__ == "__main__":
    main()
