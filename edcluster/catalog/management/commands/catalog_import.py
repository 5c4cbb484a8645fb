from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from edcluster.accounts.models import User
from edcluster.catalog.imports import import_resume, import_run, import_start
from edcluster.catalog.models import ImportRun
from edcluster.core.progress import text_bar
from edcluster.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Import a catalog file (CSV, XLSX, ELM JSON-LD, CASE JSON), showing progress; or go on "
        "with an interrupted run (--resume RUN)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--resume", type=int, metavar="RUN", help="resume interrupted run")
        parser.add_argument("--format", choices=ImportRun.Format.values, default="")
        parser.add_argument("--owner", default="", help="slug of the default owner")
        parser.add_argument("--source", default="", help="source system of rows that name none")
        parser.add_argument("--encoding", choices=["utf-8", "cp1251"], default="utf-8")
        parser.add_argument("--dry-run", action="store_true", help="preview: write nothing")
        parser.add_argument("--publish", action="store_true", help="publish new products")
        parser.add_argument("--user", default="", help="e-mail of the user to act as")

    def handle(self, *args, **options) -> None:
        if options["resume"] is not None:
            self._finish(self._resumed(options["resume"]))
            return
        path: Path | None = options["file"]
        if path is None or not path.is_file():
            raise CommandError(f"No such file: {path}")
        owner = None
        if options["owner"]:
            owner = Organization.objects.filter(slug=options["owner"]).first()
            if owner is None:
                raise CommandError(f"No organization {options['owner']!r}")
        actor = User.objects.filter(email=options["user"]).first() if options["user"] else None
        if options["user"] and actor is None:
            raise CommandError(f"No user {options['user']!r}")
        try:
            with path.open("rb") as file:
                run = self._started(file, path, owner, actor, options)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self._finish(run)

    def _started(self, file, path: Path, owner, actor, options) -> ImportRun:
        return import_start(
            actor=actor,
            data=file,
            file_name=path.name,
            format=options["format"],
            owner=owner,
            encoding=options["encoding"],
            source_system=options["source"],
            dry_run=options["dry_run"],
            publish=options["publish"],
            enqueue=False,
        )

    def _resumed(self, pk: int) -> ImportRun:
        run = ImportRun.objects.defer("data").filter(pk=pk).first()
        if run is None:
            raise CommandError(f"No import run {pk}")
        try:
            return import_resume(run=run, actor=None, enqueue=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _finish(self, run: ImportRun) -> None:
        run = import_run(run=run, progress=self._bar)
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.message)
        for problem in run.errors:
            self.stdout.write(f"row {problem['line']}: {problem['field']}: {problem['reason']}")
        if run.rejected > len(run.errors):
            self.stdout.write(f"(the first {len(run.errors)} of {run.rejected} rejected rows)")
        verb = "would be" if run.dry_run else "were"
        self.stdout.write(
            f"{run.total} rows: {run.created} created, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.rejected} rejected ({verb} written; run {run.pk})"
        )

    def _bar(self, run: ImportRun) -> None:
        text_bar(run.processed, run.total, "rows")
