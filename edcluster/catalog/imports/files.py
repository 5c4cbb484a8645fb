"""Import files: an upload read within the limit as it arrives, and files removed after
CATALOG_IMPORT_KEEP_DAYS (the run's record and counts stay)."""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.models import ImportRun
from edcluster.core.runs import WORKING


class LimitedUpload(FileUploadHandler):
    """Counts a file's bytes as they arrive and drops the file once it passes
    CATALOG_IMPORT_MAX_BYTES: the rest of the request is read and thrown away, never held.
    The next handler writes what passes to a temporary file (never to memory)."""

    refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.CATALOG_IMPORT_MAX_BYTES:
            self.refused = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the temporary file's handler makes the file

    def error(self) -> ValidationError:
        limit = settings.CATALOG_IMPORT_MAX_BYTES // 2**20
        return ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}}
        )


def limit_upload(request: HttpRequest) -> LimitedUpload:
    """Read this request's files within the import's limit, to temporary files (call before
    anything reads request.POST or request.FILES)."""
    limited = LimitedUpload(request)
    request.upload_handlers = [limited, TemporaryFileUploadHandler(request)]
    return limited


def limited_upload(run: Callable) -> Callable:
    """A django-ninja operation (`decorate_view`) whose file is read within the limit: a file
    past it answers as the service's ValidationError on `file`."""

    operation = run.__self__  # type: ignore[attr-defined]  # run is the Operation's method

    @wraps(run)
    def limited(request: HttpRequest, *args, **kwargs):
        api = operation.api  # set once the router joins the API
        handler = limit_upload(request)
        try:
            request.FILES  # noqa: B018 (parsed here, through the handler)
        except Exception as error:  # a body that cannot be read: the API's own answer
            return api.on_exception(request, error)
        if handler.refused:
            return api.on_exception(request, handler.error())
        return run(request, *args, **kwargs)

    return limited


def import_files_purge(*, now=None) -> int:
    """Remove the files of runs uploaded more than CATALOG_IMPORT_KEEP_DAYS ago (not of runs
    still working); their records, counts and rejected rows stay. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CATALOG_IMPORT_KEEP_DAYS)
    old = ImportRun.objects.filter(created_at__lt=cutoff, file_removed_at__isnull=True)
    return old.exclude(status__in=WORKING).update(data=b"", file_removed_at=now, updated_at=now)
