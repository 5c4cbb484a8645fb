"""Catalog import memory: the peak of a worker importing the biggest file the limits accept.

Run by `make bench` (each database in its own process):
    python bench/catalog_import_memory.py                       # every database
    python bench/catalog_import_memory.py --database-url URL    # one
Target (issue 16, item 3): any accepted file imports with a worker peak ≤ 300 MB.

The biggest accepted file is built from generated rows (`catalog.generator`, about 900 bytes a
row as CSV) up to whichever limit comes first: CATALOG_IMPORT_MAX_BYTES (the upload),
CATALOG_IMPORT_MAX_UNPACKED_BYTES (an XLSX's members unpacked) or CATALOG_IMPORT_MAX_ROWS. Each
file is imported for real in a fresh process that prints its own peak resident memory (VmHWM:
a child's ru_maxrss would inherit its parent's), its tasks queued in the database as in
production (the search index and the skill extractor run in other workers). A file of short
rows, one past the row limit, is then refused (by whichever limit it passes first; the run's
message says which), with the peak of that refusal.
"""

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import django_for, recreate, targets

FOLDER = Path(tempfile.gettempdir())
# A worker as in production: DEBUG off (with it on, Django keeps every query's text, a 20 MB
# file's among them) and tasks queued in the database for other workers.
WORKER = {"DEBUG": "0", "SECRET_KEY": "bench-only", "TASKS_BACKEND": "database"}


def peak_megabytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def encoded(rows: list[dict], format: str) -> bytes:
    from edcluster.catalog.formats.spreadsheet import write_xlsx
    from edcluster.catalog.formats.table import NAMES

    rows = [{name: row.get(name, "") for name in NAMES} for row in rows]
    if format == "xlsx":
        out = io.BytesIO()
        write_xlsx(rows, out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=NAMES, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode()


def unpacked(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(member.file_size for member in archive.infolist())


def biggest(format: str, owners: list[str]) -> tuple[bytes, int]:
    """The largest file of generated rows within every limit, and its rows."""
    from django.conf import settings

    from edcluster.catalog import generator

    sample = encoded(list(generator.rows(2000, owners=owners)), format)
    per_row = len(sample) / 2000
    count = settings.CATALOG_IMPORT_MAX_ROWS
    count = min(count, int(settings.CATALOG_IMPORT_MAX_BYTES / per_row))
    if format == "xlsx":
        count = min(
            count, int(settings.CATALOG_IMPORT_MAX_UNPACKED_BYTES / (unpacked(sample) / 2000))
        )
    while True:
        data = encoded(list(generator.rows(count, owners=owners)), format)
        fits = len(data) <= settings.CATALOG_IMPORT_MAX_BYTES and (
            format != "xlsx" or unpacked(data) <= settings.CATALOG_IMPORT_MAX_UNPACKED_BYTES
        )
        if fits:
            return data, count
        count = int(count * 0.97)


def probe(path: Path) -> None:
    """In a fresh process: import the file for real, print rows, seconds, status and peak MB."""
    from edcluster.catalog.imports import import_run, import_start

    started = time.perf_counter()
    with path.open("rb") as file:
        run = import_start(
            actor=None, data=file, file_name=path.name, dry_run=False, publish=True, enqueue=False
        )
    run = import_run(run=run)
    seconds = time.perf_counter() - started
    print(f"{run.total} {seconds:.1f} {run.status} {run.created} {run.rejected} {peak_megabytes()}")
    print(run.message)


def measure(url: str, formats: list[str]) -> None:
    recreate(url)
    # The tasks the import queues (search index, skills of outcomes) go to the database queue,
    # as in production: another worker runs them, and this one's peak is the import's own.
    django_for(url, **WORKER)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from edcluster.catalog.management.commands.catalog_generate import Command

    call_command("migrate", verbosity=0)
    owners = Command()._owners()
    for format in formats:
        data, count = biggest(format, owners)
        path = FOLDER / f"edcluster-bench-import-memory.{format}"
        path.write_bytes(data)
        size = f"{len(data) / 2**20:.1f} MB" + (
            f", {unpacked(data) / 2**20:.0f} MB unpacked" if format == "xlsx" else ""
        )
        total, seconds, status, created, _rejected, peak, _message = child(url, path)
        print(
            f"  biggest accepted {format.upper()} ({count:,} rows, {size}): {status}, "
            f"{created} created in {seconds} s; worker peak {peak} MB"
        )
        connections.close_all()  # the next file starts from an empty catalog too
        recreate(url)
        call_command("migrate", verbosity=0)
        owners = Command()._owners()
    limit = settings.CATALOG_IMPORT_MAX_ROWS  # short rows, as in the attack: a small file
    many = [
        {"external_id": f"x-{n}", "kind": "module", "title_ru": "Курс"} for n in range(limit + 1)
    ]
    path = FOLDER / "edcluster-bench-import-memory-over.xlsx"
    path.write_bytes(encoded(many, "xlsx"))
    total, seconds, status, created, _rejected, peak, message = child(url, path)
    print(
        f"  {limit + 1:,} rows, one past the limit (XLSX, {path.stat().st_size / 2**20:.1f} MB): "
        f"{status} in {seconds} s ({message}), {created} created; worker peak {peak} MB"
    )


def child(url: str, path: Path) -> list[str]:
    answer = subprocess.run(
        [sys.executable, __file__, "--database-url", url, "--probe", str(path)],
        capture_output=True,
        text=True,
    )
    if answer.returncode:
        raise RuntimeError(answer.stderr[-3000:])
    figures, _newline, message = answer.stdout.partition("\n")
    return [*figures.split(), message.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--formats", default="csv,xlsx", help="of the biggest files (csv,xlsx)")
    args = parser.parse_args()
    if args.probe:
        django_for(args.database_url, **WORKER)
        probe(args.probe)
        return
    if args.database_url:
        measure(args.database_url, [name for name in args.formats.split(",") if name])
        return
    print("catalog import memory, the biggest accepted files (target: worker peak ≤ 300 MB)")
    for label, url in targets("import-memory"):
        print(f"{label}:", flush=True)
        command = [sys.executable, __file__, "--database-url", url, "--formats", args.formats]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
