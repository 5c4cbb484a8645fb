from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from edcluster.core.forms import AuditFilterForm
from edcluster.core.http import HttpRequest
from edcluster.core.selectors import audit_list


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
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
