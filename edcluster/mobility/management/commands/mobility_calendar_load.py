from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edcluster.mobility.services.calendars import calendar_load


class Command(BaseCommand):
    help = (
        "Load the work calendar's days from FILE (date,off|working,note); a year again replaces it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="Where the days come from.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            loaded = calendar_load(
                text=path.read_text(encoding="utf-8"), source=options["source"] or path.name
            )
        except OSError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        years = ", ".join(f"{year}: {count} days" for year, count in sorted(loaded.items()))
        self.stdout.write(f"{len(loaded)} calendar years loaded ({years}).")
