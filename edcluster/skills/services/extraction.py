"""Skill extraction on demand: short texts at once, long ones as a run (`ExtractionRun`)."""

from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from edcluster.core.ratelimit import RateLimit
from edcluster.core.runs import interrupted_on_stop, run_enqueue
from edcluster.skills.extraction import extractor
from edcluster.skills.models import ExtractionRun

# Extractions per account (at once and as runs together): the extractor is the costly part.
EXTRACT = RateLimit("skills.extract", count=30, seconds=60)


def extraction_too_long(text: str) -> bool:
    """Over `SKILLS_EXTRACT_MAX_CHARS`: refused (413), neither extracted nor stored."""
    return len(text) > settings.SKILLS_EXTRACT_MAX_CHARS


def extraction_at_once(text: str) -> bool:
    """Up to `SKILLS_EXTRACT_AT_ONCE_CHARS`, the answer comes in the request; longer texts run."""
    return len(text) <= settings.SKILLS_EXTRACT_AT_ONCE_CHARS


@transaction.atomic
def extraction_start(*, actor, text: str) -> ExtractionRun:
    """Queue a long text's extraction; the run is polled by its actor."""
    run = ExtractionRun.objects.create(actor=actor, source="api", text=text, total=1)
    run_enqueue(run, "edcluster.skills.tasks.extraction_run")
    return run


def extraction_perform(*, run: ExtractionRun) -> ExtractionRun:
    """Extract the run's text and keep the skills found (the task's work)."""
    if run.finished:
        return run
    run.status, run.started_at = ExtractionRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at", "updated_at"])
    with interrupted_on_stop(run):
        engine = extractor()
        run.skills = [asdict(found) for found in engine.extract(run.text)]
        run.dense, run.processed, run.created = engine.dense, 1, len(run.skills)
    run.status, run.finished_at = ExtractionRun.Status.DONE, timezone.now()
    run.save()
    return run
