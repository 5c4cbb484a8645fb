from django.core.management.base import BaseCommand

from edcluster.partnerships.services import agreements_expiry


class Command(BaseCommand):
    help = "Mark agreements past their end expired; remind editors 90 and 30 days before the end."

    def handle(self, *args, **options) -> None:
        counts = agreements_expiry()
        self.stdout.write(
            f"{counts['expired']} agreements expired, {counts['reminded']} reminders sent."
        )
