import time

from django.core.management.base import BaseCommand

from edcluster.catalog.models import Product
from edcluster.matching.linking import products_link


class Command(BaseCommand):
    help = "Link every product's learning outcomes to skills where they changed. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Extract every product again")

    def handle(self, *args, force: bool, **options) -> None:
        started = time.perf_counter()
        ids = list(Product.objects.values_list("pk", flat=True))
        counts = products_link(ids, force=force)
        self.stdout.write(
            f"matching_recompute: {counts['products']:,} products linked, "
            f"{counts['unchanged']:,} unchanged, {counts['links']:,} skill links found "
            f"({time.perf_counter() - started:.1f} s)"
        )
