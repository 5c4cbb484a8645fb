import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from edcluster.accounts.models import User
from edcluster.catalog.exports import FORMATS, export_stream
from edcluster.catalog.models import Product
from edcluster.catalog.selectors import CatalogQuery, export_ids


class Command(BaseCommand):
    help = "Export the published catalog, or a filtered selection, in an open format."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument("--q", default="", help="search words")
        parser.add_argument("--kind", choices=Product.Kind.values, default="")
        parser.add_argument("--owner", default="", help="organization slug")
        parser.add_argument("--field", default="", help="ISCED-F code")
        parser.add_argument("--stage", choices=Product.Stage.values, default="")
        parser.add_argument("--language", default="")
        parser.add_argument(
            "--status", choices=Product.Status.values, default="", help="default: published"
        )
        parser.add_argument("--user", default="", help="e-mail of the user whose view to export")

    def handle(self, *args, **options) -> None:
        viewer: Any = AnonymousUser()
        if options["user"]:
            viewer = User.objects.get(email=options["user"])
        elif options["status"]:
            viewer = User(is_operator=True)  # the command line sees every status
        names = ("kind", "owner", "field", "stage", "language", "status")
        ask = CatalogQuery(query=options["q"], **{name: options[name] for name in names})
        ids = export_ids(viewer=viewer, ask=ask)
        stream = export_stream(ids, format=options["format"])
        if options["output"]:
            with options["output"].open("wb") as out:
                for chunk in stream:
                    out.write(chunk)
            self.stderr.write(f"{len(ids)} products written to {options['output']}")
        else:
            for chunk in stream:
                sys.stdout.buffer.write(chunk)
