"""Background work of the catalog; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def run_import(*, run_id: int) -> str:
    """Carry out a queued catalog import; a run that already started is left alone."""
    from edcluster.catalog.imports import import_run
    from edcluster.catalog.models import ImportRun

    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).first()
    if run is None:
        return "skipped"
    return import_run(run=run).status
