"""Read a partner's EWP IIAs v7 get response: identical, proposed as a new version, unmatched."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from edcluster.partnerships import ewp, services
from edcluster.partnerships.services.iia_import import IDENTICAL, PROPOSED, UNMATCHED

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a partner's EWP IIA v7 get response: each iia matched to an agreement here by "
        "either side's iia-id is reported identical (same iia-hash as the newest version) or "
        "becomes a new proposed, unsigned version. A file that is not XML, fails the XSD or "
        "exceeds 5 MB imports nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument("--language", choices=["ru", "en"], help="Language of the report.")

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"] or translation.get_language()):
            self._import(options)

    def _read(self, name: str) -> bytes:
        path = Path(name)
        if not path.is_file():
            raise CommandError(_("No file %s.") % name)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("Nothing imported: the file is larger than 5 MB."))
        return path.read_bytes()

    def _import(self, options) -> None:
        data = self._read(options["file"])
        try:
            outcomes = services.iia_import(data=data, actor=None, dry_run=options["dry_run"])
        except ewp.IiaError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Nothing imported: the file was refused.")) from error
        for outcome in outcomes:
            self.stdout.write(self._line(outcome, dry_run=options["dry_run"]))
            if outcome.warning:
                self.stdout.write("  " + outcome.warning)
        self.stdout.write(self._summary(outcomes, dry_run=options["dry_run"]))

    def _line(self, outcome: services.IiaOutcome, *, dry_run: bool) -> str:
        head = _("iia %(number)d (iia-id %(ids)s)") % {
            "number": outcome.number,
            "ids": ", ".join(outcome.iia_ids) or "—",
        }
        if outcome.result == UNMATCHED:
            return _("%(head)s: unmatched, %(message)s") % {
                "head": head,
                "message": outcome.message,
            }
        head = _("%(head)s, agreement %(code)s") % {"head": head, "code": outcome.agreement}
        if outcome.result == IDENTICAL:
            return _("%(head)s: identical to version %(version)d (iia-hash %(hash)s)") % {
                "head": head,
                "version": outcome.version,
                "hash": outcome.message,
            }
        if outcome.result == PROPOSED:
            text = (
                _("%(head)s: differs; would be proposed as version %(version)d (unsigned)")
                if dry_run
                else _("%(head)s: differs; proposed as version %(version)d (unsigned)")
            )
            return text % {"head": head, "version": outcome.version}
        return _("%(head)s: refused, %(message)s") % {"head": head, "message": outcome.message}

    def _summary(self, outcomes: list, *, dry_run: bool) -> str:
        counts = Counter(outcome.result for outcome in outcomes)
        text = _(
            "%(total)d IIAs read: %(identical)d identical, %(proposed)d proposed, "
            "%(unmatched)d unmatched, %(refused)d refused."
        ) % {
            "total": len(outcomes),
            "identical": counts[IDENTICAL],
            "proposed": counts[PROPOSED],
            "unmatched": counts[UNMATCHED],
            "refused": counts["refused"],
        }
        return text + (" " + _("Dry run: nothing written.") if dry_run else "")
