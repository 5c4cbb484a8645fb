"""Optimistic concurrency: records that people edit in forms and through the API carry a
`version`, raised by each saved change. A page sends the version it showed (a hidden field), an
API client the `ETag` it read (`If-Match`); a save from an older version is refused instead of
silently replacing what someone else saved in between (a lost update).

`If-Match` is optional in the API, so clients written before it keep working (and keep the
last-writer-wins they had); a client that sends it gets 412 when the record moved on."""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it, so your changes were not saved. "
    "The form shows what you entered: compare it with the record (open it in another tab) and "
    "save again to replace their changes with yours."
)


class EditConflict(ValidationError):
    """A save based on a version the record no longer has. A `ValidationError`, so a page's
    form shows it like any refusal; the API answers it with 412."""

    def __init__(self, current: int) -> None:
        super().__init__(STALE_MESSAGE, code="stale")
        self.current = current


class UnusablePrecondition(Exception):
    """An `If-Match` header that names no version of ours (a weak or foreign tag)."""


def version_check(*, current: int, expected: int | None) -> None:
    """Refuse a save based on another version; `None` means the caller did not say."""
    if expected is not None and expected != current:
        raise EditConflict(current)


def etag(version: int) -> str:
    """The strong entity tag of a record's version, quoted as HTTP wants it."""
    return f'"{version}"'


def if_match_version(request: HttpRequest) -> int | None:
    """The version an API client's `If-Match` names: None without the header or with `*`
    (any version); raises UnusablePrecondition for a tag that is none of ours, including a
    weak one, which If-Match never matches (RFC 9110, 13.1.1)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if len(tags) != 1:
        raise UnusablePrecondition
    tag = tags[0]
    if not (len(tag) > 2 and tag[0] == tag[-1] == '"' and tag[1:-1].isdigit()):
        raise UnusablePrecondition
    return int(tag[1:-1])


def set_etag(response: HttpResponse, version: int) -> None:
    """Give an API answer about a versioned record its `ETag`."""
    response["ETag"] = etag(version)


def refuses_stale(operation: Callable) -> Callable:
    """For an API operation that saves a versioned record: a save from another version (the
    service's EditConflict) or an If-Match naming no version of ours answers 412 with a JSON
    `detail`; the operation documents 412 (`errors(412)`)."""

    @functools.wraps(operation)
    def checked(request, *args, **kwargs):
        try:
            return operation(request, *args, **kwargs)
        except (EditConflict, UnusablePrecondition):
            return 412, {
                "detail": gettext(
                    "The record changed since the version your If-Match names (or the tag is "
                    "not one of ours): read it again, then send your change with its new ETag."
                )
            }

    return checked
