"""Project-level pages that draw on several apps (core itself imports no domain app)."""

from django.http import HttpResponse
from django.template.response import TemplateResponse

from edcluster.core.http import HttpRequest
from edcluster.organizations.selectors import directory_counts


def home(request: HttpRequest) -> HttpResponse:
    """What the platform is, with the directory's figures."""
    return TemplateResponse(request, "home.html", {"counts": directory_counts()})
