"""Background work of the catalog; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def run_import(*, run_id: int) -> str:
    """Carry out a queued catalog import; a run that already started is left alone."""
    from edcluster.catalog.imports import import_run
    from edcluster.catalog.models import ImportRun

    queued = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED)
    run = queued.defer("data").first()  # the file is read when the run starts
    if run is None:
        return "skipped"
    return import_run(run=run).status


@task()
def reindex_products(*, product_ids: list[int]) -> int:
    """Bring the search index of these products up to date (replaces, never appends)."""
    from edcluster.catalog.search import index_products

    index_products(product_ids)
    return len(product_ids)


@task()
def notify_revision_decided(*, revision_id: int) -> int:
    """Mail the owners' editors an operator's decision on a product's pending changes."""
    from edcluster.catalog.services import revision_notify

    return revision_notify(revision_id=revision_id)
