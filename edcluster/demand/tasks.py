"""Background work of demand; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def ingest_file(*, run_id: int) -> str:
    """Ingest (or resume) a file run, then extract the skills of what it stored."""
    from edcluster.demand.ingest import ingest_run
    from edcluster.demand.models import IngestRun
    from edcluster.demand.services import run_extract

    run = IngestRun.objects.filter(pk=run_id).exclude(status=IngestRun.Status.FAILED).first()
    if run is None:
        return "skipped"
    run = ingest_run(run=run)
    if run.extract:
        run_extract(run=run)
    return run.status


@task()
def extract_run(*, run_id: int) -> int:
    from edcluster.demand.models import IngestRun
    from edcluster.demand.services import run_extract

    run = IngestRun.objects.get(pk=run_id)
    return run_extract(run=run).extracted
