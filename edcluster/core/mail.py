"""Mail whose reader's language we do not know yet: Russian first, then English."""

from collections.abc import Callable

from django.utils.translation import override


def in_both_languages(render: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """Subject and body rendered in Russian, then English, joined into one mail."""
    parts = []
    for language in ("ru", "en"):
        with override(language):
            parts.append(render())
    subject = " / ".join(part[0] for part in parts)
    body = "\n\n———\n\n".join(part[1] for part in parts)
    return subject, body
