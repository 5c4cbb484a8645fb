"""`manage.py sales_rates_import FILE…`: the Bank of Russia's daily rates (XML, windows-1251)
into the exchange rates; idempotent; a bad file imports nothing and names the line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edcluster.sales.services import RatesFileError, rates_import


class Command(BaseCommand):
    help = "Import the Bank of Russia's daily exchange rates (XML files)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options) -> None:
        created = updated = unchanged = 0
        for path in files:
            try:
                result = rates_import(data=path.read_bytes())
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from error
            except RatesFileError as error:
                raise CommandError(f"{path}: {error}") from error
            created, updated = created + result.created, updated + result.updated
            unchanged += result.unchanged
        self.stdout.write(
            f"{len(files)} file(s): {created} rates created, {updated} updated, "
            f"{unchanged} unchanged."
        )
