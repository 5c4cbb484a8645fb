"""The site's home: the public landing page, or the signed-in person's workspace."""

from django.http import HttpResponse
from django.template.response import TemplateResponse

from edcluster.core.http import HttpRequest
from edcluster.organizations.selectors import directory_counts
from edcluster.workspaces.selectors import workspace


def home(request: HttpRequest) -> HttpResponse:
    """Anyone: what the platform is, with the directory's figures. Signed in: what waits for
    them, by role, above the same figures."""
    context: dict = {"counts": directory_counts()}
    if request.user.is_authenticated:
        context["workspace"] = workspace(user=request.user)
    return TemplateResponse(request, "home.html", context)
