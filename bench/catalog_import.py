"""Catalog import speed: rows per second from CSV, with validation, search indexing and audit.

Run by `make bench` (each database in its own process):
    python bench/catalog_import.py [--rows N]            # every database
    python bench/catalog_import.py --database-url URL   # one
Target (issue 3): ≥ 5,000 rows/s from CSV into PostgreSQL.
"""

import argparse
import csv
import io
import subprocess
import sys
import time

from common import django_for, recreate, targets


def measure(url: str, rows: int) -> None:
    recreate(url)
    # The search index follows in background tasks (queued in the database, as in production);
    # its own speed is measured after the import, by draining the queue.
    django_for(url, CATALOG_IMPORT_MAX_MB="500", TASKS_BACKEND="database")
    from django.core.management import call_command

    from edcluster.catalog import generator
    from edcluster.catalog.formats.table import NAMES
    from edcluster.catalog.imports import import_run, import_start
    from edcluster.catalog.management.commands.catalog_generate import Command

    call_command("migrate", verbosity=0)
    owners = Command()._owners()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=NAMES, restval="")
    writer.writeheader()
    writer.writerows(generator.rows(rows, owners=owners))
    data = out.getvalue().encode()
    for label in ("first import (all created)", "re-run (all unchanged)"):
        started = time.perf_counter()
        run = import_start(
            actor=None, data=data, file_name="bench.csv", dry_run=False, publish=True, enqueue=False
        )
        run = import_run(run=run)
        seconds = time.perf_counter() - started
        assert run.rejected == 0, run.errors[:3]
        print(
            f"  {label}: {run.total} rows in {seconds:.2f} s = {run.total / seconds:,.0f} rows/s "
            f"({run.created} created, {run.unchanged} unchanged)"
        )
        started = time.perf_counter()
        indexed = drain_index_queue()
        if indexed:
            seconds = time.perf_counter() - started
            print(
                f"  then the search index: {indexed} products in {seconds:.2f} s = "
                f"{indexed / seconds:,.0f} products/s (background tasks)"
            )


def drain_index_queue() -> int:
    """Run the queued reindex tasks here, as a worker would; returns the products indexed."""
    from django_tasks_db.models import DBTaskResult

    from edcluster.catalog.search import index_products

    count = 0
    queued = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    for result in queued.filter(task_path="edcluster.catalog.tasks.reindex_products"):
        ids = result.args_kwargs["kwargs"]["product_ids"]
        index_products(ids)
        count += len(ids)
        result.delete()
    queued.delete()  # the skills of the products' outcomes are linked by another bench
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.database_url:
        measure(args.database_url, args.rows)
        return
    print(
        f"catalog import from CSV, {args.rows:,} generated rows (target: ≥ 5,000 rows/s on "
        "PostgreSQL)"
    )
    for label, url in targets("import"):
        print(f"{label}:", flush=True)
        subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--database-url", url], check=True
        )


if __name__ == "__main__":
    main()
