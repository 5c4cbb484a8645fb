"""Request types for views: what middleware adds (htmx), and who is signed in."""

from typing import TYPE_CHECKING

from django.http import HttpRequest as DjangoHttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from edcluster.accounts.models import User


class HttpRequest(DjangoHttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """For views behind login_required and API operations that require authentication."""

    user: "User"  # type: ignore[assignment]
