from django.core.management.base import BaseCommand

from edcluster.mobility.services import applications_purge


class Command(BaseCommand):
    help = (
        "Delete the files of cases closed past their retention (MOBILITY_FILES_RETENTION_DAYS) "
        "and erase withdrawn, cancelled or rejected cases past MOBILITY_CASE_RETENTION_DAYS."
    )

    def handle(self, *args, **options) -> None:
        counts = applications_purge()
        self.stdout.write(
            f"{counts['files']} files of {counts['cases']} closed cases deleted, "
            f"{counts['erased']} cases erased"
        )
