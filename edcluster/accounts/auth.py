"""How the API knows who is calling: a personal token (Bearer) or the browser session."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from edcluster.accounts.models import User
from edcluster.accounts.services import api_token_authenticate
from edcluster.core.http import HttpRequest as PageRequest


class AuthenticatedHttpRequest(PageRequest):
    """For views behind login_required and API operations that require authentication."""

    user: User  # type: ignore[assignment]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer edc_…`; a token that is wrong or revoked is a 401, never anonymous."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(secret=token)
        if user is None:
            raise AuthenticationError
        request.user = user
        # Some operations are for a signed-in person only, not for a token (making tokens).
        request.by_token = True  # type: ignore[attr-defined]
        return user


class AnonymousAllowed:
    """For public operations: whoever is not authenticated continues as anonymous."""

    def __call__(self, request: HttpRequest):
        return AnonymousUser()


def called_with_token(request: HttpRequest) -> bool:
    """True when the caller authenticated with a personal token rather than the session."""
    return getattr(request, "by_token", False)


# Session auth checks the CSRF token on unsafe methods, as the browser pages do.
REQUIRED = [TokenAuth(), SessionAuth(csrf=True)]
OPTIONAL = [TokenAuth(), SessionAuth(csrf=True), AnonymousAllowed()]

# How OpenAPI says "optional": an empty requirement beside the others (ninja appends this list to
# the one it derives from the auth classes) lets a caller send no credentials at all.
PUBLIC_OPENAPI: dict = {"security": [{}]}
