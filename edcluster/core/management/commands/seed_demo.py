from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edcluster.core.demo import DemoOptions, demo_seed


class Command(BaseCommand):
    help = (
        "Load the demo Tomsk cluster (organizations, users of every role) and what each app "
        "adds to it (job postings, employers' requests …). Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.DATA_DIR)
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins")

    def handle(self, *args, data_dir: Path, quiet_logins: bool, **options) -> None:
        if not data_dir.is_dir():
            raise CommandError(f"No reference data folder at {data_dir}")
        demo = DemoOptions(data_dir=data_dir, logins=not quiet_logins)
        self.stdout.write(demo_seed(options=demo, say=self.stdout.write))
