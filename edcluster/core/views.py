import logging

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from edcluster.core.forms import AuditFilterForm
from edcluster.core.http import HttpRequest
from edcluster.core.selectors import audit_list

logger = logging.getLogger(__name__)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, else 503 naming the failing check.

    The answer is JSON either way, so a balancer (and its operator) reads which check failed
    instead of an HTML error page; the exception itself is logged, not shown.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health: the database does not answer")
        return JsonResponse({"status": "error", "failing": ["database"]}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for operators, searchable and paged."""
    form = AuditFilterForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    entries = audit_list(viewer=request.user, query=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "core/audit.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, {"page": page, "form": form})
