"""Write one EWP IIAs v7 get response with every exportable agreement's IIAs."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from edcluster.partnerships import ewp, services
from edcluster.partnerships.models import Agreement


class Command(BaseCommand):
    help = (
        "Export agreements as one EWP IIA v7 get response (stdout or --output), XSD-valid, "
        "with each IIA's iia-hash; lists the agreements skipped and why."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agreement", type=int, action="append", default=[], metavar="ID")
        parser.add_argument("--member", metavar="SLUG", help="Only agreements this member is in.")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")
        parser.add_argument("--language", choices=["ru", "en"], help="Language of the report.")

    def handle(self, *args, **options) -> None:
        with translation.override(options["language"] or translation.get_language()):
            self._export(options)

    def _selected(self, options) -> list[Agreement]:
        agreements = Agreement.objects.order_by("pk")
        if options["member"]:
            if not agreements.filter(parties__organization__slug=options["member"]).exists():
                raise CommandError(_("No agreement has the member %s.") % options["member"])
            agreements = agreements.filter(parties__organization__slug=options["member"])
        if options["agreement"]:
            missing = set(options["agreement"]) - set(
                agreements.filter(pk__in=options["agreement"]).values_list("pk", flat=True)
            )
            if missing:
                numbers = ", ".join(str(number) for number in sorted(missing))
                raise CommandError(_("No agreement with id %s.") % numbers)
            agreements = agreements.filter(pk__in=options["agreement"])
        return list(agreements.distinct())

    def _export(self, options) -> None:
        try:
            xml, exported, skipped = services.iias_export(self._selected(options))
        except (ewp.IiaError, ValidationError) as error:
            raise CommandError(_("Nothing exported: %s") % error) from error
        report = self.stderr if not options["output"] else self.stdout
        for agreement, reason in skipped:
            report.write(
                _("Skipped agreement %(id)s (%(code)s): %(reason)s")
                % {"id": agreement.pk, "code": agreement.code, "reason": reason}
            )
        if options["output"]:
            Path(options["output"]).write_bytes(xml)
        else:
            self.stdout.write(xml.decode("utf-8"))
        report.write(
            _(
                "%(iias)d IIAs of %(agreements)d agreements exported to %(target)s; "
                "%(skipped)d skipped."
            )
            % {
                "iias": len(ewp.iia_hashes(xml)),
                "agreements": len(exported),
                "target": options["output"] or "stdout",
                "skipped": len(skipped),
            }
        )
