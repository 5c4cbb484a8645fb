"""Middleware of the whole site."""

import logging
import time
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
SESSION_STARTED, SESSION_SEEN = "edc_started", "edc_seen"


def _detail(status: int) -> str:
    if status == 404:
        return _("Nothing is at this address.")
    if status == 405:
        return _("This address does not take this method.")
    if status >= 500:
        return _("Server error.")
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


class ApiErrorsInJson:
    """Every answer under /api/ is JSON. The operations answer their own errors in JSON
    (`core.api.install_error_handlers`); what Django answers around them (an unknown address,
    a method an operation lacks, a server error, a refusal by another middleware) would be an
    HTML page or plain text, and becomes `{"detail": …}` with the same status and headers.
    Outermost, so that it sees every answer; the error itself is logged as before."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        body: dict[str, str] = {"detail": _detail(response.status_code)}
        if settings.DEBUG and response.get("Content-Type", "").startswith("text/plain"):
            body["trace"] = response.content.decode(errors="replace")  # ninja's debug traceback
        answer = JsonResponse(body, status=response.status_code)
        for name in ("Allow", "WWW-Authenticate", "Retry-After"):
            if name in response:
                answer[name] = response[name]
        return answer


class PageBodyLimit:
    """A page reads a body of at most `PAGE_BODY_MAX_BYTES` (Django's own 2.5 MB), although
    Django's limit, `DATA_UPLOAD_MAX_MEMORY_SIZE`, is raised for the API's largest operation
    (the API has its own limit per operation: `core.api.install_body_limits`). A longer body is
    Django's 400 page, as before, checked by its declared length before the CSRF check reads
    it. A multipart body carries files, which Django streams to disk and each upload bounds; its
    other fields stay under Django's limit."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.path.startswith(API_PREFIX)
            and not (request.content_type or "").startswith("multipart/")
            and self.length(request) > settings.PAGE_BODY_MAX_BYTES
        ):
            raise RequestDataTooBig("Request body exceeded settings.PAGE_BODY_MAX_BYTES.")
        return self.get_response(request)

    @staticmethod
    def length(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0


class SessionLimits:
    """A signed-in session ends (signed out, the session flushed) when it has been idle longer
    than `SESSION_IDLE_SECONDS` (`SESSION_IDLE_SECONDS_OPERATOR` for operators) or is older than
    `SESSION_MAX_SECONDS`, however active; the request then goes on as anonymous, so a page
    sends to sign in as usual and the API answers 401. Otherwise the idle clock is refreshed
    (at most once a minute, to spare the session store a write per request). After the
    authentication and message middleware."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.setdefault(SESSION_SEEN, now)
        operator = getattr(request.user, "is_operator", False)
        idle = settings.SESSION_IDLE_SECONDS_OPERATOR if operator else settings.SESSION_IDLE_SECONDS
        if now - seen > idle or now - started > settings.SESSION_MAX_SECONDS:
            logger.info(
                "Session ended (%s): user %s",
                "idle" if now - seen > idle else "lifetime",
                request.user.pk,
            )
            logout(request)
            if not request.path.startswith(API_PREFIX):
                messages.info(request, _("Your session has ended. Please sign in again."))
        elif now - seen >= self.REFRESH_SECONDS:
            session[SESSION_SEEN] = now


class OneLineRefusals(logging.Filter):
    """Django logs a refused page (PermissionDenied, 403) with the exception's traceback:
    keep the one line ("Forbidden (Permission denied): /path"), drop the trace. A refusal is
    expected, not a fault. Set on the `django.request` logger in `LOGGING`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
