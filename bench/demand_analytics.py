"""Demand analytics latency with 1,000,000 posting-skill facts, on SQLite and PostgreSQL.

    python bench/demand_analytics.py [--postings N]      # every database
    python bench/demand_analytics.py --database-url URL  # one

The first run loads ESCO, stores N postings (100,000: 24 months, 8 regions) with ten skills
each drawn from a skewed distribution over 3,000 skills (generated facts, stored in bulk, not
extracted: this measures reading), and builds the rollups from the facts; later runs reuse the
database. Every report of the API is asked 100 times, as an operator, over a mix of regions
(one or all) and periods (3, 6, 12 and 24 months). Target (issue 5): p95 ≤ 50 ms each.
"""

import argparse
import random
import subprocess
import sys
import time
from datetime import date

from common import REGIONS, django_for, exists, recreate, summary, targets

POSTING_COLUMNS = (
    "source",
    "external_id",
    "title",
    "text",
    "text_hash",
    "content_hash",
    "employer",
    "region",
    "city",
    "currency",
    "url",
    "posted_at",
    "fact_month",
    "fact_region",
    "occupation_id",
    "fact_occupation_id",
)


def posting_rows(generator: random.Random, postings: int, sqlite: bool):
    """Generated postings over 24 months, the regions and 500 occupations, as POSTING_COLUMNS."""
    from edcluster.skills.models import Occupation

    jobs = list(Occupation.objects.values_list("pk", flat=True))[:500]
    months = [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    for i in range(postings):
        region, month, job = (
            generator.choice(REGIONS),
            generator.choice(months),
            generator.choice(jobs),
        )
        day = month.isoformat() if sqlite else month
        yield (
            "bench",
            f"p-{i}",
            "Инженер",
            "generated",
            i,
            0,
            "",
            region,
            "",
            "",
            "",
            day,
            day,
            region,
            job,
            job,
        )


def build(postings: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from edcluster.core.bulk import bulk_insert
    from edcluster.demand.models import JobPosting, PostingSkill
    from edcluster.demand.services import rollups_rebuild
    from edcluster.skills.models import Skill

    call_command("migrate", verbosity=0)
    call_command("skills_load", verbosity=0)
    generator = random.Random(11)
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))[:3000]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(skills))]
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
                for skill in set(generator.choices(skills, weights=weights, k=12))
            ),
        )
    rollups_rebuild()
    if not sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    facts, seconds = PostingSkill.objects.count(), time.perf_counter() - started
    print(f"  built {postings:,} postings and {facts:,} facts in {seconds:.0f} s")


def measure(url: str, postings: int) -> None:
    fresh = not exists(url)
    if fresh:
        recreate(url)
    django_for(url, DEBUG="0", SECRET_KEY="bench", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command
    from django.test import Client

    from edcluster.accounts.models import User
    from edcluster.demand.models import PostingSkill, SkillDemand
    from edcluster.organizations.models import PriorityArea

    call_command("migrate", verbosity=0)  # a database kept from an earlier run may lag
    if fresh or not PostingSkill.objects.exists():
        build(postings)
    if not PriorityArea.objects.exists():  # the priority-areas report needs the official lists
        call_command("load_reference_data", verbosity=0)
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"is_operator": True})
    client = Client()
    client.force_login(user)
    skill = SkillDemand.objects.values_list("skill_id", flat=True).first()
    periods = [
        ("2025-10", "2025-12"),
        ("2025-07", "2025-12"),
        ("2025-01", "2025-12"),
        ("2024-01", "2025-12"),
        ("", ""),
    ]
    reports = [
        "top-skills",
        "top-occupations",
        "rising",
        "monthly",
        "groups",
        "priority-areas",
        f"skills/{skill}/trend",
    ]
    print(
        f"  {PostingSkill.objects.count():,} posting-skill facts, "
        f"{SkillDemand.objects.count():,} rollup rows"
    )
    generator = random.Random(3)
    for report in reports:
        client.get(f"/api/demand/analytics/{report}", secure=True)  # warm: caches, connection
        timings = []
        for _ in range(100):
            start, end = generator.choice(periods)
            region = generator.choice(["", *REGIONS])
            began = time.perf_counter()
            response = client.get(
                f"/api/demand/analytics/{report}",
                {"start": start, "end": end, "region": region},
                secure=True,
            )
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.content[:300]
        print("  " + summary(report.split("/")[0] if "trend" not in report else "trend", timings))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.postings)
        return
    print("demand analytics through the API, ~1,000,000 posting-skill facts (target: p95 ≤ 50 ms)")
    for label, url in targets("analytics"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [sys.executable, __file__, "--postings", str(args.postings), "--database-url", url],
            check=True,
        )


if __name__ == "__main__":
    main()
