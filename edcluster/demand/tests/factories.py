"""Postings and employers' requests for tests, made through the services (so they are exactly
what the application stores: hashes, runs, audit entries)."""

from datetime import date

from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import DemandRequest, IngestRun, JobPosting
from edcluster.demand.selectors import SkillChoice
from edcluster.demand.services import request_create


def postings_make(
    records: list[dict], *, actor=None, source: str = "test", extract: bool = False
) -> IngestRun:
    """Postings as one API batch (`external_id`, `title`, `text` and the other columns)."""
    run, _repeated = ingest_records(actor=actor, source=source, records=records, extract=extract)
    return run


def posting_make(external_id: str, title: str, text: str, **columns) -> JobPosting:
    postings_make([{"external_id": external_id, "title": title, "text": text, **columns}])
    return JobPosting.objects.get(source="test", external_id=external_id)


def request_make(organization, *, actor=None, skills=(), **fields) -> DemandRequest:
    """An employer's request for these skills (Skill rows or SkillChoices, all essential by
    default); title, description, headcount and date have defaults."""
    defaults = {
        "title": "Python developers",
        "description": "Services in Python.",
        "headcount": 3,
        "needed_by": date(2027, 6, 1),
    }
    choices = [
        skill if isinstance(skill, SkillChoice) else SkillChoice(skill=skill) for skill in skills
    ]
    return request_create(
        organization=organization, actor=actor, fields=defaults | fields, skills=choices
    )
