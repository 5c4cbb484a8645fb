"""A password validator: no password made of the platform's own words (issue 16, item 17).

The words a guesser tries first on this platform: its name and the cluster's, the cities and
the names of its organizations. A password containing one of them (four letters or more, case
and ё folded) is refused, whatever else it contains."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from edcluster.core.text import fold
from edcluster.organizations.models import Organization

WORDS = ("edcluster", "cluster", "кластер", "tomsk", "томск")
SHORTEST = 4


def words_of(*texts: str) -> set[str]:
    """The folded words of these texts that a password may not contain."""
    return {
        word
        for text in texts
        for word in re.findall(r"\w+", fold(text or ""))
        if len(word) >= SHORTEST and not word.isdigit()
    }


def platform_words() -> set[str]:
    """The platform's words, the cities and names of every organization among them."""
    names = Organization.objects.values_list(
        "name_ru", "name_en", "short_name", "short_name_en", "city"
    )
    return set(WORDS) | words_of(*(text for row in names for text in row))


def words_check(password: str, words: set[str]) -> None:
    """Refuse the password if it contains one of these words."""
    folded = fold(password)
    word = next((word for word in sorted(words) if word in folded), None)
    if word:
        raise ValidationError(
            _("The password contains “%(word)s”, a word of this platform; choose another."),
            code="password_platform_word",
            params={"word": word},
        )


class PlatformWordsValidator:
    """Refuses a password containing the platform's own words (`platform_words`)."""

    def validate(self, password: str, user=None) -> None:
        words_check(password, platform_words())

    def get_help_text(self) -> str:
        return _("Your password cannot contain the names of the cluster, its city or its members.")
