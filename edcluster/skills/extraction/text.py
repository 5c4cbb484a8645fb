"""Sentences, language and word forms: what both the lexical and the dense side start from."""

import re
from functools import lru_cache

from edcluster.core.text import fold, lemma, stem_english

SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[\"«(]?[A-ZА-ЯЁ0-9])|\s*[\n\r]+\s*|\s+[•●▪·–—-]\s+")
BULLET = re.compile(r"^\s*(?:[-*•●▪·–—]|\d+[.)])\s*")
# A hyphen parts words ("Linux-серверов" is "Linux" and "серверов", "open-source" two words): a
# Russian posting hyphenates its compounds where a name has the words apart, and pymorphy3 reads
# a hyphenated whole as one unknown word ("тест-кейсов" as "тесто-кейс"). "C++", "C#", "ASP.NET"
# and "don't" stay whole.
WORD = re.compile(r"[^\W_]+(?:[+#]+|(?:['.][^\W_]+)*)", re.UNICODE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a text: split at sentence ends, line breaks and bullets."""
    found, position = [], 0
    for piece in SENTENCE_END.split(text):
        start = text.find(piece, position) if piece else position
        position = start + len(piece)
        cleaned = BULLET.sub("", piece).strip()
        if len(cleaned) >= 2:
            found.append((start + piece.find(cleaned), cleaned))
    return found


def language_of(text: str) -> str:
    """ru or en, by which alphabet most letters are in."""
    return "ru" if len(CYRILLIC.findall(text)) > len(LATIN.findall(text)) else "en"


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The comparable form of a word: Russian lemma (pymorphy3), English Snowball stem."""
    word = fold(word)
    if CYRILLIC.search(word):
        return lemma(word)
    if len(word) <= 3 or not word.isalpha():
        return word
    return stem_english(word)


def terms(text: str) -> tuple[str, ...]:
    """The comparable forms of the words of a text (where they are is not needed)."""
    return tuple(term(word) for word in WORD.findall(text))


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, comparable form) of each word of a text."""
    return [(m.start(), m.end(), term(m.group())) for m in WORD.finditer(text)]
