import time

from django.core.management.base import BaseCommand

from edcluster.catalog.models import Product
from edcluster.matching.services.linking import products_link
from edcluster.matching.services.reach import product_demand_recompute


class Command(BaseCommand):
    help = (
        "Link every product's learning outcomes to skills where they changed, then recount the "
        "demand every product meets. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Extract every product again")
        parser.add_argument(
            "--demand-only", action="store_true", help="Only recount the demand products meet"
        )

    def handle(self, *args, force: bool, demand_only: bool, **options) -> None:
        started = time.perf_counter()
        if not demand_only:
            ids = list(Product.objects.values_list("pk", flat=True))
            counts = products_link(ids, force=force, demand=False)
            self.stdout.write(
                f"matching_recompute: {counts['products']:,} products linked, "
                f"{counts['unchanged']:,} unchanged, {counts['links']:,} skill links found "
                f"({time.perf_counter() - started:.1f} s)"
            )
        stats: dict = {}
        rows = product_demand_recompute(stats=stats)
        self.stdout.write(
            f"matching_recompute: demand met by {stats.get('products', 0):,} products counted "
            f"over {stats.get('postings', 0):,} postings and {stats.get('facts', 0):,} facts, "
            f"{rows:,} rows ({stats.get('total s', 0.0):.1f} s)"
        )
