"""Middleware of the whole site."""

from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


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
