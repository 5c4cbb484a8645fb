"""Skills and occupation of ingested postings (the background half of an ingestion)."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from edcluster.core.bulk import bulk_insert
from edcluster.demand.models import IngestRun, JobPosting, PostingSkill
from edcluster.skills.extraction import extractor
from edcluster.skills.extraction.occupations import occupation_index

CHUNK = 100


def postings_extract(
    *,
    postings: QuerySet[JobPosting],
    run: IngestRun | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Extract until none of these postings waits; replaces their skills (safe to run twice).
    Returns how many postings were done."""
    engine, occupations = extractor(), occupation_index()
    skill_ids = None
    done = 0
    while chunk := list(
        postings.filter(extracted_at=None).order_by("pk").values_list("pk", "title", "text")[:CHUNK]
    ):
        if skill_ids is None:
            from edcluster.skills.models import Skill

            skill_ids = dict(Skill.objects.values_list("uri", "pk"))
        found = engine.extract_many([f"{title}\n{text}" for _pk, title, text in chunk])
        with transaction.atomic():
            ids = [pk for pk, _title, _text in chunk]
            PostingSkill.objects.filter(posting_id__in=ids).delete()
            bulk_insert(
                PostingSkill,
                ("posting_id", "skill_id", "score", "evidence", "method"),
                (
                    (pk, skill_ids[f.uri], f.score, f.evidence[:500], f.method)
                    for (pk, _title, _text), skills in zip(chunk, found, strict=True)
                    for f in skills
                    if f.uri in skill_ids
                ),
            )
            now = timezone.now()
            for pk, title, _text in chunk:
                recognised = occupations.recognise(title)
                JobPosting.objects.filter(pk=pk).update(
                    extracted_at=now, occupation_id=recognised[0] if recognised else None
                )
            if run is not None:
                IngestRun.objects.filter(pk=run.pk).update(extracted=F("extracted") + len(chunk))
        done += len(chunk)
        if progress:
            progress(done)
    return done


def run_extract(*, run: IngestRun, progress: Callable[[int], None] | None = None) -> IngestRun:
    postings_extract(postings=JobPosting.objects.filter(run=run), run=run, progress=progress)
    run.refresh_from_db()
    return run
