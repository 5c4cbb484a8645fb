from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Which parts of the navigation this person sees."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_is_operator": signed_in and user.is_operator,
        "nav_signed_in": signed_in,
    }
