from django.core.management.base import BaseCommand
from django.db import transaction

from edcluster.partnerships.services import map_summary_rebuild


class Command(BaseCommand):
    help = (
        "Build the partners map's summary again from every agreement (after rows were written "
        "in bulk, or to repair it); the services keep it up to date otherwise."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            partners, quotas = map_summary_rebuild()
        self.stdout.write(f"Map summary rebuilt: {partners} partner rows, {quotas} quota rows.")
