"""Export, import and incremental sync of the catalog through the API."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog import imports, selectors
from edcluster.catalog.api import Moment, ProductFilters
from edcluster.catalog.exports import FORMATS, export_response
from edcluster.catalog.imports.files import limited_upload
from edcluster.core.api import FormBool, In, Pages, errors
from edcluster.organizations.selectors import access_organization

router = Router(tags=["catalog exchange"])
ExportFormat = Literal["elm", "schemaorg", "case", "csv", "xlsx"]
ImportFormat = Literal["csv", "xlsx", "elm", "case"]


class ExportIn(ProductFilters):
    format: ExportFormat = Field(
        ...,
        description="ELM v3 JSON-LD, schema.org JSON-LD, CASE 1.1 "
        "packages, or the CSV/XLSX layout of docs/catalog.md",
    )


FILE_RESPONSE = {"description": "The file", "content": {t: {} for t, _e in FORMATS.values()}}


@router.get(
    "/export",
    response={200: None, **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI | {"responses": {200: FILE_RESPONSE}},
)
def export(request: HttpRequest, filters: Query[ExportIn]):
    """The published catalog, or the selection the filters make, as a file."""
    ids = selectors.export_ids(viewer=request.user, ask=filters.ask())
    return export_response(ids, format=filters.format)


class RemovalOut(Schema):
    slug: str
    source_system: str
    external_id: str
    reason: str
    removed_at: datetime


class RemovedIn(In):
    since: Moment = Field(..., description="RFC 3339 date-time of your last sync")


@router.get(
    "/products-removed",
    response={200: list[RemovalOut], **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def removed(request: HttpRequest, filters: Query[RemovedIn]):
    """Products that left the public catalog (archived or deleted) since a moment: with
    `products?updated_since=…&sort=updated` this is incremental sync."""
    return selectors.removals_since(since=filters.since)


class ImportIn(In):
    format: ImportFormat | None = Field(None, description="Guessed from the file name if absent")
    owner: str = Field(
        "",
        pattern=r"^([-a-zA-Z0-9_]+)?$",
        max_length=80,
        description="Slug of the organization for rows that name no owner",
    )
    encoding: Literal["utf-8", "cp1251"] = "utf-8"
    source_system: str = Field("", max_length=100)
    dry_run: FormBool = Field(True, description="Preview: count and check, write nothing")
    publish: FormBool = Field(False, description="Publish new products (operators)")


class ImportErrorOut(Schema):
    line: int | str
    field: str
    reason: str


class ImportChangeOut(Schema):
    field: str = Field(..., description="The column, as the file names it")
    old: str = Field(..., description="The product's value now, as the file would write it (short)")
    new: str = Field(..., description="The row's value (short)")


class ImportActionOut(Schema):
    line: int | str
    action: str = Field(..., description="created (a new product), updated or unchanged")
    title: str
    external_id: str
    fields: list[str] = Field(..., description="What the row changes")
    changes: list[ImportChangeOut] = Field(
        [], description="For an update, each changed field with its value before and after"
    )


class ImportRunOut(Schema):
    id: int
    status: str
    file_name: str
    format: str
    encoding: str
    encoding_guess: str = Field(
        ..., description="The encoding the file looks like when it failed as another one"
    )
    dry_run: bool
    total: int
    processed: int
    percent: int
    created: int
    updated: int
    unchanged: int
    rejected: int = Field(..., description="Every rejected row; the first 1,000 are listed")
    errors_listed: int = Field(..., description="Rejected rows at /imports/{id}/errors")
    actions_listed: int = Field(..., description="Row actions at /imports/{id}/actions")
    message: str
    created_at: datetime
    finished_at: datetime | None
    file_removed_at: datetime | None = Field(
        ..., description="When the uploaded file was removed (CATALOG_IMPORT_KEEP_DAYS)"
    )

    @staticmethod
    def resolve_errors_listed(run) -> int:
        return len(run.errors)

    @staticmethod
    def resolve_actions_listed(run) -> int:
        return len(run.actions)


@router.post("/imports", response={202: ImportRunOut, **errors(400, 401, 403, 404, 422)})
@decorate_view(limited_upload)
def start_import(
    request: AuthenticatedHttpRequest, file: File[UploadedFile], params: Form[ImportIn]
):
    """Queue an import of a file (a preview unless dry_run is false); poll the run for its
    progress, then confirm a preview to import it. A file past the size limit is dropped as
    it arrives (400 on `file`)."""
    owner = None
    if params.owner:
        owner = access_organization(user=request.user, slug=params.owner, for_write=True)
    run = imports.import_start(
        actor=request.user,
        data=file,
        file_name=file.name or "upload",
        format=params.format or "",
        owner=owner,
        encoding=params.encoding,
        source_system=params.source_system,
        dry_run=params.dry_run,
        publish=params.publish,
    )
    return Status(202, run)


@router.get("/imports", response={200: list[ImportRunOut], **errors(401, 422)})
@paginate(Pages)
def list_imports(request: AuthenticatedHttpRequest):
    """Your imports, newest first (operators see everyone's)."""
    return selectors.import_runs(viewer=request.user)


@router.get("/imports/{run_id}", response={200: ImportRunOut, **errors(401, 404, 422)})
def get_import(request: AuthenticatedHttpRequest, run_id: int):
    """An import's progress and counts; its rejected rows and row actions are listed apart."""
    return get_object_or_404(selectors.import_runs(viewer=request.user), pk=run_id)


@router.get(
    "/imports/{run_id}/errors", response={200: list[ImportErrorOut], **errors(401, 404, 422)}
)
@paginate(Pages)
def import_errors(request: AuthenticatedHttpRequest, run_id: int):
    """An import's rejected rows by line, with column and reason (the first 1,000)."""
    return get_object_or_404(selectors.import_runs(viewer=request.user), pk=run_id).errors


@router.get(
    "/imports/{run_id}/actions", response={200: list[ImportActionOut], **errors(401, 404, 422)}
)
@paginate(Pages)
def import_actions(request: AuthenticatedHttpRequest, run_id: int):
    """What each row does or would do (a preview), for the first 1,000 rows."""
    return get_object_or_404(selectors.import_runs(viewer=request.user), pk=run_id).actions


@router.post(
    "/imports/{run_id}/confirm", response={202: ImportRunOut, **errors(400, 401, 403, 404, 422)}
)
def confirm_import(request: AuthenticatedHttpRequest, run_id: int):
    """Import for real the file of a finished preview."""
    preview = get_object_or_404(selectors.import_runs(viewer=request.user), pk=run_id)
    return Status(202, imports.import_confirm(preview=preview, actor=request.user))


@router.post(
    "/imports/{run_id}/resume", response={202: ImportRunOut, **errors(400, 401, 403, 404, 422)}
)
def resume_import(request: AuthenticatedHttpRequest, run_id: int):
    """Go on with an interrupted import from the first row its committed chunks left."""
    run = get_object_or_404(selectors.import_runs(viewer=request.user), pk=run_id)
    return Status(202, imports.import_resume(run=run, actor=request.user))
