from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edcluster.organizations.reference import reference_data_load


class Command(BaseCommand):
    help = "Load the reference lists (priority areas, ISCED-F) from data/. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.DATA_DIR)

    def handle(self, *args, data_dir: Path, **options) -> None:
        if not data_dir.is_dir():
            raise CommandError(f"No reference data folder at {data_dir}")
        results = reference_data_load(data_dir=data_dir)
        for counts in results.values():
            for error in counts.errors:
                self.stderr.write(error)
        self.stdout.write(
            "load_reference_data: " + "; ".join(f"{name}: {c}" for name, c in results.items())
        )
