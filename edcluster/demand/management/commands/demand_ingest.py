from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edcluster.accounts.models import User
from edcluster.core.progress import text_bar
from edcluster.demand.ingest import ingest_run, ingest_start
from edcluster.demand.models import IngestRun
from edcluster.demand.services import run_extract


class Command(BaseCommand):
    help = "Ingest job postings from CSV or JSON Lines (streamed; resumable), then extract skills."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="where the postings come from")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="")
        parser.add_argument("--no-extract", action="store_true", help="store only")
        parser.add_argument("--resume", type=int, metavar="RUN", help="continue a stopped run")
        parser.add_argument("--user", default="", help="e-mail of the user to act as")

    def handle(
        self,
        *args,
        file: Path,
        source: str,
        format: str,
        no_extract: bool,
        resume: int | None,
        user: str,
        verbosity: int,
        **options,
    ) -> None:
        actor = User.objects.filter(email=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"No user {user!r}")
        if resume:
            run = IngestRun.objects.filter(pk=resume).first()
            if run is None or run.status == IngestRun.Status.FAILED:
                raise CommandError(f"No run {resume} to resume")
        else:
            if not file.is_file():
                raise CommandError(f"No such file: {file}")
            run = ingest_start(
                actor=actor,
                source=source,
                path=file.resolve(),
                format=format,
                extract=not no_extract,
            )
        if run.status == IngestRun.Status.FAILED:
            raise CommandError(run.message)
        show = verbosity > 0
        run = ingest_run(
            run=run, progress=(lambda r: text_bar(r.position, r.size, "bytes")) if show else None
        )
        for problem in run.errors[:50]:
            self.stdout.write(f"line {problem['line']}: {problem['field']}: {problem['reason']}")
        if run.extract and run.to_extract:
            total = run.to_extract
            run = run_extract(
                run=run, progress=(lambda done: text_bar(done, total, "postings")) if show else None
            )
        self.stdout.write(
            f"demand_ingest: run {run.pk}: {run.processed} rows: {run.created} inserted, "
            f"{run.updated} updated, {run.unchanged} unchanged, {run.duplicates} duplicates, "
            f"{run.rejected} rejected; skills extracted for {run.extracted} postings"
        )
