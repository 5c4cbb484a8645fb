"""Bulk posting ingestion over the API and its runs."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictFloat, StrictInt, StrictStr

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, body_limit, errors
from edcluster.demand import selectors
from edcluster.demand.ingest import ingest_records

router = Router()

MAX_BATCH = 5000
# A batch's body: 5,000 postings of 6 KB on average (some 3,000 Cyrillic characters of text
# sent as UTF-8, or 1,000 as \u escapes); under Django's ceiling, DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_BATCH_BYTES = MAX_BATCH * 6 * 1024


class PostingIn(Schema):
    """A job posting as the documented columns; values are checked row by row and a bad row is
    reported with its position and field, not refused with the whole batch."""

    external_id: StrictStr | StrictInt
    title: str
    text: str
    employer: str = ""
    region: str = ""
    city: str = ""
    posted_at: str = ""
    salary_from: StrictStr | StrictInt | StrictFloat | None = None
    salary_to: StrictStr | StrictInt | StrictFloat | None = None
    currency: str = ""
    url: str = ""


class BatchIn(In):
    source: str = Field(..., min_length=1, max_length=100)
    extract: StrictBool = True
    postings: list[PostingIn] = Field(..., min_length=1, max_length=MAX_BATCH)


class RejectedOut(Schema):
    line: int = Field(description="Position of the posting in the batch (from 1) or file line")
    field: str
    reason: str


class RunOut(Schema):
    id: int
    source: str
    format: str
    status: str
    rows: int = Field(alias="processed")
    inserted: int = Field(alias="created")
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    errors: list[RejectedOut]
    to_extract: int
    extracted: int
    percent: int
    message: str
    started_at: datetime | None
    finished_at: datetime | None


IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=200)]


@router.post(
    "/postings:batch", response={201: RunOut, 200: RunOut, **errors(400, 401, 403, 413, 422)}
)
@body_limit(MAX_BATCH_BYTES)
def ingest_batch(request: AuthenticatedHttpRequest, payload: BatchIn, key: IdempotencyKey = ""):
    """Store up to 5,000 postings (operators). With an `Idempotency-Key` header, sending the same
    key again answers 200 with the first run instead of ingesting twice. Skills are extracted in
    the background (`to_extract`, `extracted`)."""
    selectors.require_ingester(user=request.user)
    records = [p.dict() for p in payload.postings]
    run, repeated = ingest_records(
        actor=request.user, source=payload.source, records=records, key=key, extract=payload.extract
    )
    return Status(200 if repeated else 201, run)


@router.get("/runs", response={200: list[RunOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_runs(request: AuthenticatedHttpRequest):
    """Ingestion runs, newest first (operators)."""
    return selectors.run_list(viewer=request.user)


@router.get("/runs/{run_id}", response={200: RunOut, **errors(401, 403, 404, 422)})
def get_run(request: AuthenticatedHttpRequest, run_id: int):
    return selectors.access_run(user=request.user, run_id=run_id)
