from django.core.management.base import BaseCommand

from edcluster.catalog.search import rebuild, unindexed_ids
from edcluster.catalog.services import index_later


class Command(BaseCommand):
    help = (
        "Rebuild the catalog's search index and suggestion vocabulary from the products; with "
        "--missing, queue only the products that have no index entries (catch-up, scheduled)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="queue products missing from the index"
        )

    def handle(self, *args, missing: bool, **options) -> None:
        if missing:
            ids = unindexed_ids()
            index_later(ids)
            count = len(ids)
            self.stdout.write(f"catalog_reindex: {count} products missing from the index queued")
            return
        count = rebuild()
        self.stdout.write(f"{count} products indexed")
