from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def navigation(request: HttpRequest) -> dict:
    """Which parts of the navigation this person sees."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    # The switcher's targets are computed here, while the page's own language is active:
    # Django's set_language view runs outside the language prefix and cannot translate them.
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == get_language(),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "nav_languages": languages,
        "nav_is_operator": signed_in and bool(getattr(user, "is_operator", False)),
        "nav_signed_in": signed_in,
    }
