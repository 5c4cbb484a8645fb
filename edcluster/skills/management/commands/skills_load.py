import time
from pathlib import Path

from django.core.management.base import BaseCommand

from edcluster.skills.services import ESCO_DIRECTORY, esco_load, starter_aliases_load


class Command(BaseCommand):
    help = (
        "Load (or update to) an ESCO release and the Russian names the team wrote "
        "(skills/data/aliases_ru*.tsv). Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--esco",
            type=Path,
            default=ESCO_DIRECTORY,
            help="folder with the ESCO CSV zip archives",
        )

    def handle(self, *args, esco: Path, verbosity: int, **options) -> None:
        started = time.perf_counter()
        say = (lambda step: self.stderr.write(f"  {step}…")) if verbosity > 1 else None
        loaded = esco_load(directory=esco, progress=say)
        aliases = starter_aliases_load()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"ESCO {loaded.summary()}; Russian names by the team: {aliases.summary()} "
            f"({seconds:.1f} s)"
        )
        for problem in aliases.problems():
            self.stderr.write(f"  {problem}")
