import shlex
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from edcluster.core import schedule


class Command(BaseCommand):
    help = (
        "The platform's scheduled work as crontab lines (install them, or run `schedule "
        "--run-due` every minute from cron, which runs the entries due at that minute)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--run-due", action="store_true", help="Run the entries due at this minute"
        )

    def handle(self, *args, run_due: bool, **options) -> None:
        if run_due:
            self.run_due()
            return
        manage = (
            f"{shlex.quote(sys.executable)} {shlex.quote(str(settings.BASE_DIR / 'manage.py'))}"
        )
        for entry in schedule.entries():
            self.stdout.write(f"# {entry.name}: {entry.doc}")
            command = shlex.join([entry.command, *entry.args])
            self.stdout.write(f"{entry.cron} {manage} {command}")
        self.stdout.write(f"# schedule: {len(schedule.entries())} entries")  # still a crontab

    def run_due(self) -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        due = schedule.due(now)
        for entry in due:
            call_command(entry.command, *entry.args, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(
            f"schedule: {len(due)} of {len(schedule.entries())} entries due at {now:%Y-%m-%d %H:%M}"
            + (f" ({', '.join(entry.name for entry in due)})" if due else "")
        )
