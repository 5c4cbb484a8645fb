import time

from django.core.management.base import BaseCommand

from edcluster.core.progress import text_bar
from edcluster.skills.services import taxonomy_embed


class Command(BaseCommand):
    help = (
        "Embed every name and description of every skill (once per taxonomy release and "
        "model; later runs embed only new aliases) into the on-disk cache the extractor loads."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--backend", choices=["e5", "use"], default="")

    def handle(self, *args, backend: str, verbosity: int, **options) -> None:
        started = time.perf_counter()
        bar = (lambda done, total: text_bar(done, total, "texts")) if verbosity else None
        embedded = taxonomy_embed(backend=backend, progress=bar)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"skills_embed: {embedded.names:,} names and the descriptions of {embedded.skills:,} "
            f"skills with {embedded.model}, {embedded.added:,} newly embedded ({seconds:.1f} s)"
        )
