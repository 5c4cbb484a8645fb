"""Shared API pieces: the error body every app returns, and documented error codes."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from edcluster.core.http import HttpRequest
from edcluster.core.models import AuditEntry
from edcluster.core.selectors import audit_list


class In(Schema):
    """Base of every input schema: text may not contain NUL, which PostgreSQL cannot store
    (Django's forms refuse it the same way)."""

    @field_validator("*", mode="after")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError(_("Null characters are not allowed."))
        return value


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


def install_error_handlers(api: NinjaAPI) -> None:
    """Django's own exceptions from services and selectors become JSON answers."""

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
