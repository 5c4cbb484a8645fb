import csv
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edcluster.catalog import generator
from edcluster.catalog.formats.table import NAMES
from edcluster.catalog.imports import import_rows
from edcluster.catalog.models import ImportRun
from edcluster.organizations.models import Organization

GENERATED_OWNERS = 20


class Command(BaseCommand):
    help = (
        "Generate synthetic published products for load tests (source system 'generator'), "
        "or write them as a catalog CSV file. Re-running with the same count changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--csv", type=Path, help="write a CSV file instead of importing")

    def handle(self, *args, **options) -> None:
        logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per indexed chunk
        if options["count"] < 1:
            raise CommandError("--count must be positive")
        owners = self._owners()
        rows = generator.rows(options["count"], owners=owners, seed=options["seed"])
        if options["csv"]:
            with options["csv"].open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=NAMES, restval="")
                writer.writeheader()
                writer.writerows(rows)
            self.stderr.write(f"{options['count']} rows written to {options['csv']}")
            return
        numbered: list[tuple[int | str, dict]] = list(enumerate(rows, start=1))
        run = import_rows(
            rows=numbered,
            label="(generated)",
            source_system="generator",
            publish=True,
            progress=self._bar,
        )
        sys.stderr.write("\n")
        self.stdout.write(
            f"{run.created} created, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.rejected} rejected"
        )

    def _owners(self) -> list[str]:
        admitted = list(
            Organization.objects.filter(status=Organization.Status.ADMITTED)
            .order_by("pk")
            .values_list("slug", flat=True)
        )
        if len(admitted) >= 2:
            return admitted
        for number in range(1, GENERATED_OWNERS + 1):
            Organization.objects.get_or_create(
                slug=f"generated-{number}",
                defaults={
                    "name_ru": f"Организация {number}",
                    "name_en": f"Organization {number}",
                    "kind": Organization.Kind.UNIVERSITY,
                    "city": "Томск",
                    "status": Organization.Status.ADMITTED,
                },
            )
        return self._owners()

    def _bar(self, run: ImportRun) -> None:
        sys.stderr.write(f"\r{run.processed}/{run.total} rows ({run.percent}%)")
        sys.stderr.flush()
