"""`manage.py sales_rollups_rebuild`: every sales rollup recomputed from the orders' lines and
payments (after a bulk load, or as a repair; the services keep them right); idempotent."""

from django.core.management.base import BaseCommand

from edcluster.sales.services import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the sales rollups from the orders' lines and payments."

    def handle(self, *args, **options) -> None:
        rows = rollups_rebuild()
        self.stdout.write(f"{rows} rollup rows written.")
