from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Which parts of the navigation this person sees."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "nav_is_operator": signed_in and bool(getattr(user, "is_operator", False)),
        "nav_signed_in": signed_in,
    }
