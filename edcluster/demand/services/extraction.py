"""Skills and occupation of ingested postings (the background half of an ingestion)."""

from collections import Counter
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from edcluster.core.bulk import bulk_insert
from edcluster.demand.models import (
    ALL_REGIONS,
    IngestRun,
    JobPosting,
    OccupationDemand,
    PostingSkill,
    SkillDemand,
)
from edcluster.demand.services.sections import requirements_of
from edcluster.skills.models import Skill
from edcluster.skills.selectors import extractor, occupation_index

CHUNK = 100


def postings_extract(
    *,
    postings: QuerySet[JobPosting],
    run: IngestRun | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Extract until none of these postings waits; replaces their skills and moves the
    analytics rollups by exactly the difference (safe to run twice). Returns how many
    postings were done."""
    engine, occupations = extractor(), occupation_index()
    skill_ids = None
    done = 0
    fields = ("pk", "title", "text", "posted_at", "region", "run__created_at")
    after = 0  # walk forward by key: no rescanning of what is done
    while chunk := list(
        postings.filter(extracted_at=None, pk__gt=after).order_by("pk").values_list(*fields)[:CHUNK]
    ):
        after = chunk[-1][0]
        if skill_ids is None:
            skill_ids = dict(Skill.objects.values_list("uri", "pk"))
        # What the employer offers is not demand: only the requirements are read.
        found = engine.extract_many([f"{row[1]}\n{requirements_of(row[2])}" for row in chunk])
        with transaction.atomic():
            _replace(chunk, found, skill_ids, occupations)
            if run is not None:
                IngestRun.objects.filter(pk=run.pk).update(extracted=F("extracted") + len(chunk))
        done += len(chunk)
        if progress:
            progress(done)
    return done


def _month(posted, created) -> date:
    """The month a posting counts in: when it was posted, else when it was stored."""
    day = posted or (timezone.localdate(created) if created else timezone.localdate())
    return day.replace(day=1)


def _replace(chunk: list[tuple], found: list, skill_ids: dict, occupations) -> None:
    ids = [row[0] for row in chunk]
    skills: Counter = Counter()  # (skill, month, region) → change in postings
    jobs: Counter = Counter()
    for _posting, skill, month, region in PostingSkill.objects.filter(
        posting_id__in=ids
    ).values_list("posting_id", "skill_id", "posting__fact_month", "posting__fact_region"):
        if month is not None:
            skills[skill, month, region] -= 1
    for counted, month, region in JobPosting.objects.filter(
        pk__in=ids, fact_occupation__isnull=False
    ).values_list("fact_occupation_id", "fact_month", "fact_region"):
        jobs[counted, month, region] -= 1
    PostingSkill.objects.filter(posting_id__in=ids).delete()
    facts = []
    now = timezone.now()
    for (pk, title, _text, posted, region, created), extracted in zip(chunk, found, strict=True):
        month = _month(posted, created)
        uris = {f.uri for f in extracted}
        for f in extracted:
            if f.uri in skill_ids:
                facts.append((pk, skill_ids[f.uri], f.score, f.evidence[:500], f.method))
        for uri in uris & skill_ids.keys():
            skills[skill_ids[uri], month, region] += 1
        recognised = occupations.recognise(title)
        occupation = recognised[0] if recognised else None
        if occupation:
            jobs[occupation, month, region] += 1
        JobPosting.objects.filter(pk=pk).update(
            extracted_at=now,
            occupation_id=occupation,
            fact_month=month,
            fact_region=region,
            fact_occupation_id=occupation,
        )
    bulk_insert(PostingSkill, ("posting_id", "skill_id", "score", "evidence", "method"), facts)
    _move(SkillDemand, "skill_id", skills)
    _move(OccupationDemand, "occupation_id", jobs)


def _move(model, key: str, changes: Counter) -> None:
    """Add the changes to the rollup rows (created as needed), dropping rows that reach 0."""
    changes = Counter({k: v for k, v in changes.items() if v})
    if not changes:
        return
    for (k, m, _region), v in list(changes.items()):
        changes[k, m, ALL_REGIONS] += v
    table = model._meta.db_table
    sql = (
        f"INSERT INTO {table} ({key}, month, region, postings) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT ({key}, month, region) DO UPDATE SET postings = {table}.postings + "
        "excluded.postings"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(k, m, r, v) for (k, m, r), v in changes.items()])
        cursor.execute(f"DELETE FROM {table} WHERE postings = 0")


@transaction.atomic
def rollups_rebuild() -> tuple[int, int]:
    """Recompute both rollups from the facts (repair, or after loading facts in bulk); the
    extraction keeps them equal without this. Returns their row counts."""
    with connection.cursor() as cursor:
        skills, jobs = SkillDemand._meta.db_table, OccupationDemand._meta.db_table
        facts, postings = PostingSkill._meta.db_table, JobPosting._meta.db_table
        cursor.execute(f"DELETE FROM {skills}")
        cursor.execute(f"DELETE FROM {jobs}")
        for region in ("p.fact_region", "%s"):
            grouped = "p.fact_region" if region == "p.fact_region" else ""
            cursor.execute(
                f"INSERT INTO {skills} (skill_id, month, region, postings) SELECT f.skill_id, "
                f"p.fact_month, {region}, COUNT(DISTINCT f.posting_id) FROM {facts} f JOIN "
                f"{postings} p ON p.id = f.posting_id WHERE p.fact_month IS NOT NULL GROUP BY "
                f"f.skill_id, p.fact_month{', ' + grouped if grouped else ''}",
                [] if grouped else [ALL_REGIONS],
            )
            cursor.execute(
                f"INSERT INTO {jobs} (occupation_id, month, region, postings) SELECT "
                f"p.fact_occupation_id, p.fact_month, {region}, COUNT(*) FROM {postings} p "
                "WHERE p.fact_occupation_id IS NOT NULL AND p.fact_month IS NOT NULL GROUP BY "
                f"p.fact_occupation_id, p.fact_month{', ' + grouped if grouped else ''}",
                [] if grouped else [ALL_REGIONS],
            )
    return SkillDemand.objects.count(), OccupationDemand.objects.count()


def run_extract(*, run: IngestRun, progress: Callable[[int], None] | None = None) -> IngestRun:
    postings_extract(postings=JobPosting.objects.filter(run=run), run=run, progress=progress)
    run.refresh_from_db()
    return run
