"""Storing job postings (extraction off): rows per second from CSV, on SQLite and PostgreSQL.

    python bench/demand_ingest.py [--rows N]            # every database
    python bench/demand_ingest.py --database-url URL    # one

The file has N postings of about 600 characters (generated; 2 % repeat an earlier text under
another id, so duplicate detection has work), read in a stream as `demand_ingest` does.
Target (issue 5): ≥ 20,000 rows/s into PostgreSQL and SQLite.
"""

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import django_for, recreate, targets

WORDS = (
    "python sql engineer chemistry laboratory teaching physics students data analysis "
    "management budget welding safety design drawings software testing cloud research "
    "инженер химия лаборатория преподавание физика студенты анализ данных управление"
).split()


def write_file(path: Path, rows: int) -> None:
    generator = random.Random(5)
    texts: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as opened:
        writer = csv.writer(opened)
        from edcluster.demand.ingest import COLUMNS

        writer.writerow(COLUMNS)
        for i in range(rows):
            if texts and generator.random() < 0.02:
                text = generator.choice(texts)
            else:
                text = " ".join(generator.choices(WORDS, k=80)) + f" #{i}"
                if len(texts) < 1000:
                    texts.append(text)
            writer.writerow(
                [
                    f"b-{i}",
                    "Инженер-технолог",
                    text,
                    "Демо",
                    "Томская область",
                    "Томск",
                    f"2026-{1 + i % 12:02d}-15",
                    "90000",
                    "120000",
                    "RUB",
                    f"https://example.org/{i}",
                ]
            )


def measure(url: str, rows: int) -> None:
    recreate(url)
    django_for(url)
    from django.core.management import call_command

    from edcluster.demand.ingest import ingest_run, ingest_start

    call_command("migrate", verbosity=0)
    path = Path(tempfile.gettempdir()) / f"edcluster-bench-postings-{rows}.csv"
    if not path.exists():
        write_file(path, rows)
    for label in ("first ingestion", "re-run (all unchanged)"):
        started = time.perf_counter()
        run = ingest_run(run=ingest_start(actor=None, source="bench", path=path, extract=False))
        seconds = time.perf_counter() - started
        print(
            f"  {label}: {run.processed:,} rows ({run.created:,} inserted, {run.unchanged:,} "
            f"unchanged, {run.duplicates:,} duplicates) in {seconds:.2f} s = "
            f"{run.processed / seconds:,.0f} rows/s; peak memory "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, reader process "
            f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.rows)
        return
    print(
        f"job postings ingestion, {args.rows:,} CSV rows, extraction off (target: ≥ 20,000 rows/s)"
    )
    for label, url in targets("postings"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--database-url", url], check=True
        )


if __name__ == "__main__":
    main()
