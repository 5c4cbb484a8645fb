"""Recompute the quality indices of a cycle (the current year unless given): every product's
shrunk ratings move when the cluster's mean does. Idempotent."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from edcluster.quality.services import indices_recompute


class Command(BaseCommand):
    help = "Recompute the quality indices of a cycle from their stored inputs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", type=int, default=None, help="the year (default: this one)")

    def handle(self, *args, cycle: int | None = None, **options) -> None:
        cycle = cycle or timezone.localdate().year
        count = indices_recompute(cycle=cycle)
        self.stdout.write(f"quality_recompute: {count} products' indices of {cycle} recomputed")
