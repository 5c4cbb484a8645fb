from django.core.management.base import BaseCommand

from edcluster.catalog.search import rebuild


class Command(BaseCommand):
    help = "Rebuild the catalog's search index and suggestion vocabulary from the products."

    def handle(self, *args, **options) -> None:
        count = rebuild()
        self.stdout.write(f"{count} products indexed")
