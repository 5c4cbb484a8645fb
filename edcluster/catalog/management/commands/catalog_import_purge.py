from django.conf import settings
from django.core.management.base import BaseCommand

from edcluster.catalog.imports import import_files_purge


class Command(BaseCommand):
    help = (
        "Remove the uploaded files of catalog imports older than CATALOG_IMPORT_KEEP_DAYS (the "
        "runs' records stay). Idempotent; scheduled daily."
    )

    def handle(self, *args, **options) -> None:
        count = import_files_purge()
        days = settings.CATALOG_IMPORT_KEEP_DAYS
        self.stdout.write(f"catalog_import_purge: {count} files older than {days} days removed")
