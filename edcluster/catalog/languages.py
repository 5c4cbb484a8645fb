"""The languages a product or a run is taught in, named as the page's language names a language
of a text: «русский, английский» on a Russian page (lower case, in Russian), "Russian, English"
on an English one. The catalog's forms offer these and its pages show them: one source."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = [
    # Names of the language a text is in («английский»), not the language switcher's self-names.
    ("ru", pgettext_lazy("language of a text", "Russian")),
    ("en", pgettext_lazy("language of a text", "English")),
    ("zh", _("Chinese")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
NAMES = dict(LANGUAGES)


def language_label(code: str) -> str:
    """The language's name in the active language; an unknown code as it is."""
    return str(NAMES.get(code, code))
