"""Shared API pieces: the error body every app returns, and documented error codes."""

import functools
import inspect
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.db import models
from django.http import Http404, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.params.models import FileModel
from ninja.schema import DjangoGetter
from pydantic import BaseModel, BeforeValidator, field_validator, model_validator

from edcluster.core.http import HttpRequest
from edcluster.core.models import AuditEntry
from edcluster.core.ratelimit import install_rate_limit_handler
from edcluster.core.selectors import audit_list

logger = logging.getLogger(__name__)


class In(Schema):
    """Base of every input schema: an input is an object (ninja's schemas would otherwise read
    an array's missing attributes as defaults, so `[null, null]` passed as an empty edit), and
    text may not contain NUL, which PostgreSQL cannot store (Django's forms refuse it the same
    way)."""

    @model_validator(mode="before")
    @classmethod
    def an_object(cls, data: Any) -> Any:
        # ninja's own validator, which runs first, wraps the input in a DjangoGetter.
        given = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(given, Mapping | BaseModel):
            raise ValueError(_("Send a JSON object with the fields, not an array or a value."))
        return data

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError(_("Null characters are not allowed."))
        return value


FLAG_WORDS = {"true": True, "1": True, "on": True, "false": False, "0": False, "off": False}


def _flag(value: Any) -> Any:
    # Form fields and query parameters arrive as text, which a strict boolean refuses whatever
    # it says; a JSON boolean passes through unchanged.
    if isinstance(value, str) and value.strip().lower() in FLAG_WORDS:
        return FLAG_WORDS[value.strip().lower()]
    return value


# A yes-or-no field of a form or query: true/false, 1/0 or on/off; anything else is a 422.
FormBool = Annotated[bool, BeforeValidator(_flag), Field(strict=True)]


def api_enum(name: str, choices: type[models.TextChoices]) -> type[StrEnum]:
    """The choices as an enum with a name unique in the OpenAPI document: Django's nested
    `Status`/`Kind` classes of different models would otherwise share one component."""
    return StrEnum(name, [(value, value) for value in choices.values])  # type: ignore[return-value]


class ErrorOut(Schema):
    """`detail` says what went wrong; `errors` names each bad field with its messages."""

    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """Response declarations for the error codes an operation can answer with.

    Unsafe operations open to session authentication also answer 403 when the CSRF token is
    missing, so they list 403 even where no role is refused."""
    return dict.fromkeys(codes, ErrorOut)


class Pages(PageNumberPagination):
    """Page-number pagination with bounds, so no page number can overflow the database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)


def body_limit(max_bytes: int) -> Callable:
    """Declare the largest request body an operation takes, in bytes, where it needs another
    than `settings.API_BODY_MAX_BYTES` (the postings batch, an upload): under the router's
    decorator. A longer body is a 413 naming the limit (`install_body_limits`). A limit over
    `DATA_UPLOAD_MAX_MEMORY_SIZE`, the ceiling, is refused by Django all the same (a 413 too)."""

    def declare(view: Callable) -> Callable:
        view.body_max_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return declare


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:  # WSGIRequest reads a malformed length as 0, and so reads no body
        return 0


def too_large(limit: int) -> str:
    return _("The request body is too large: this operation takes at most %(limit)s.") % {
        "limit": filesizeformat(limit)
    }


def install_body_limits(api: NinjaAPI) -> None:
    """Each operation refuses, with a JSON 413 naming its limit, a body longer than it takes:
    `settings.API_BODY_MAX_BYTES` unless it declares its own (`body_limit`). The declared length
    is checked before anything reads the body, authentication included (a session's CSRF check
    reads a form). An operation that takes a file and declares no limit is not bounded by length
    when sent a multipart form: Django streams its files to disk and the upload checks its own
    size (the catalog import: `CATALOG_IMPORT_MAX_BYTES`); its other fields stay under Django's
    `DATA_UPLOAD_MAX_MEMORY_SIZE`."""

    def bounded(run: Callable) -> Callable:
        operation = inspect.unwrap(run).__self__  # type: ignore[attr-defined]
        declared = getattr(operation.view_func, "body_max_bytes", None)
        uploads = declared is None and any(issubclass(m, FileModel) for m in operation.models)

        @functools.wraps(run)
        def run_bounded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            limit = declared or settings.API_BODY_MAX_BYTES
            if uploads and request.content_type == "multipart/form-data":
                return run(request, *args, **kwargs)
            if _content_length(request) > limit:
                return api.create_response(request, {"detail": too_large(limit)}, status=413)
            return run(request, *args, **kwargs)

        return run_bounded

    api.add_decorator(bounded, mode="view")


# What Django raises when a request's body cannot be read: broken multipart (no boundary, cut
# short), a body or form over DATA_UPLOAD_MAX_* (RequestDataTooBig, TooManyFieldsSent: both
# SuspiciousOperation), a connection dropped while reading, a JSON operation sent a form that
# was read as one already (the CSRF check reads forms). Outside the API they are HTML 400s.
UNREADABLE = (
    MultiPartParserError,
    UnreadablePostError,
    RawPostDataException,
    SuspiciousOperation,
    BadRequest,
)


def _unreadable_reason(error: Exception) -> str:
    if isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        return _("The request has too many form fields or files.")
    return _(
        "The request body cannot be read: send JSON, or a multipart form where a file is asked."
    )


def _unparsable_reason(error: Exception) -> str:
    """Why ninja could not parse a JSON body (it keeps the parser's error as the cause)."""
    if isinstance(error, UnicodeDecodeError):
        return _("The request body is not UTF-8 text (byte %(position)d).") % {
            "position": error.start + 1
        }
    if isinstance(error, json.JSONDecodeError):
        return _("The request body is not valid JSON (line %(line)d, column %(column)d).") % {
            "line": error.lineno,
            "column": error.colno,
        }
    return _("The request body is not valid JSON.")


def install_error_handlers(api: NinjaAPI) -> None:
    """Django's own exceptions from services and selectors, and a body that cannot be read,
    become JSON answers in the reader's language: nothing under /api/ answers HTML."""

    def unreadable(request, error: Any) -> HttpResponse:
        logger.warning("Unreadable API request body (%s): %s", type(error).__name__, request.path)
        if isinstance(error, RequestDataTooBig):
            detail = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return api.create_response(request, {"detail": detail}, status=413)
        return api.create_response(request, {"detail": _unreadable_reason(error)}, status=400)

    for kind in UNREADABLE:
        api.add_exception_handler(kind, unreadable)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError):
        # ninja's "Cannot parse request body" (English, the parser's message only in DEBUG)
        # is said in the reader's language, naming where the body goes wrong.
        if error.status_code == 400 and isinstance(error.__cause__, ValueError):
            detail = _unparsable_reason(error.__cause__)
        else:
            detail = str(error)
        return api.create_response(request, {"detail": detail}, status=error.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError):
        if hasattr(error, "error_dict"):
            fields = {name: list(messages) for name, messages in error.message_dict.items()}
            first = next(iter(fields.values()))[0]
            return api.create_response(request, {"detail": first, "errors": fields}, status=400)
        return api.create_response(request, {"detail": " ".join(error.messages)}, status=400)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, error: PermissionDenied):
        detail = str(error) or _("You do not have permission to do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    install_rate_limit_handler(api)  # before ValidationError's: a refusal is a 429, not a 400


router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: datetime
    actor: str | None
    verb: str
    target_type: str | None
    target_id: str
    target_repr: str
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str | None:
        return entry.actor.email if entry.actor else None

    @staticmethod
    def resolve_target_type(entry: AuditEntry) -> str | None:
        return entry.target_type.model if entry.target_type else None


class AuditFilters(In):
    q: str = Field("", max_length=200, description="Words in the record, action or e-mail")
    verb: str = Field("", max_length=80, description="One action, e.g. organization.admitted")


@router.get("/audit", response={200: list[AuditEntryOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_audit(request: HttpRequest, filters: Query[AuditFilters]):
    """The audit log, newest first: operators only."""
    return audit_list(viewer=request.user, query=filters.q, verb=filters.verb)
