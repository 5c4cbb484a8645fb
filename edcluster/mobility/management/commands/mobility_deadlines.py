from django.core.management.base import BaseCommand

from edcluster.mobility.services import deadlines_remind


class Command(BaseCommand):
    help = (
        "Record the deadline reminders due today (7, 3, 1 days before and at a breach), once "
        "each, and queue the mails of those not yet sent."
    )

    def handle(self, *args, **options) -> None:
        counts = deadlines_remind()
        self.stdout.write(
            f"{counts['cases']} cases scanned, {counts['recorded']} reminders due, "
            f"{counts['queued']} queued for mailing."
        )
