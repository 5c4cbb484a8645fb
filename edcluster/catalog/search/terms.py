"""The words of a text as the search sees them, and the query's tokens.

Words are folded (case, ё) and stemmed with Snowball (`edcluster.core.text`): Russian for
Cyrillic words, English for Latin ones, so "программированию" finds "программирование" and
"programs" finds "programming".
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from edcluster.core.text import fold, stem

MAX_LENGTH = 40  # longer words are cut; the columns are this wide
MIN_PREFIX = 3  # a last word shorter than this is matched whole, not as a prefix
WORD = re.compile(r"[^\W_]+")
# Words too common to help; they are neither indexed nor searched for.
STOP_WORDS = frozenset(
    "и в во не на с со к ко по о об от до из за для при без под над у а но или ли же бы то "
    "как что это его ее их все так также the of and or in on at to for with by from an a is "
    "are be as into this that".split()
)


def words_of(text: str) -> list[str]:
    """The searchable words of a text, folded, in order (stop words and single letters out)."""
    return [
        word[:MAX_LENGTH]
        for word in WORD.findall(fold(text))
        if (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS
    ]


@dataclass(frozen=True)
class Token:
    word: str
    term: str
    prefix: bool  # the word may still be being typed


def parse(query: str, *, prefix_last: bool = True) -> list[Token]:
    """A query's tokens; the last one is also a prefix unless the query ends with a space."""
    found = words_of(query)
    typing = prefix_last and bool(query) and not query[-1].isspace()
    return [
        Token(word, stem(word), typing and position == len(found) - 1 and len(word) >= MIN_PREFIX)
        for position, word in enumerate(found)
    ]


def starts_with(field: str, prefix: str) -> Q:
    """A prefix as a range of bytes: an index range on every database (the terms are compared
    byte by byte, see TermField; SQLite's LIKE would ignore case and the index)."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})


def token_terms(token: Token) -> Q:
    """Postings of a token: its stem, or any term it begins while being typed."""
    exact = Q(term=token.term)
    return exact | starts_with("term", token.word) if token.prefix else exact


# Every posting: the flags lead the index, so a search by term alone names all their values.
ANY_FLAGS = Q(public__in=[True, False], in_title__in=[True, False])


def variants(word: str) -> set[str]:
    """The word and every way of deleting one letter from it (symmetric-delete spelling)."""
    if len(word) < 4:
        return {word}
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
