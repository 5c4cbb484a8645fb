"""Background work of the skills app: thin, ids in, safe to run twice."""

from django.tasks import task

from edcluster.skills.models import ExtractionRun
from edcluster.skills.services.extraction import extraction_perform


@task()
def extraction_run(*, run_id: int) -> int:
    """Extract the skills of a long text (an `ExtractionRun`); returns how many were found."""
    run = ExtractionRun.objects.get(pk=run_id)
    return len(extraction_perform(run=run).skills)
