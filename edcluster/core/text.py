"""How every app compares words: folding, Snowball stemming and Russian lemmas, in one place.

- `fold`: case folded and ё as е, the form text is searched and compared in; `fold_spaces` also
  collapses whitespace (labels, names); `collapse_spaces` only collapses it.
- `stem`: the Snowball stem of a folded word (PyStemmer), Russian for Cyrillic words, English for
  Latin ones. The catalog's search index stores these stems and the skills extractor's caches
  depend on them: a change of stemmer or of its version means re-indexing both.
- `lemma`: the dictionary form of a Russian word (pymorphy3, loaded on first use).

Each is safe to call from any thread. Nothing here imports Django or loads a dictionary at import
time: the demand reader process, which runs without Django, imports this module.
"""

import re
import threading
from functools import lru_cache

import Stemmer  # PyStemmer: Snowball in C

CYRILLIC = re.compile(r"[а-я]")  # of a folded word
LATIN = re.compile(r"[a-z]")
STEM_CACHE = 200_000  # words per thread; the cache is emptied when it is full


def fold(text: str) -> str:
    """Case folded, ё as е."""
    return text.casefold().replace("ё", "е")


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    return " ".join(text.split())


def fold_spaces(text: str) -> str:
    """Folded (case, ё) with whitespace collapsed: the form labels and names are compared in."""
    return collapse_spaces(fold(text))


class _Stemmers(threading.local):
    """PyStemmer's stemmers keep state while they work: one of each language per thread."""

    def __init__(self) -> None:
        self.russian = Stemmer.Stemmer("russian")
        self.english = Stemmer.Stemmer("english")
        self.cache: dict[str, str] = {}


_stemmers = _Stemmers()


def stem(word: str) -> str:
    """The Snowball stem of a folded word: Russian if it has Cyrillic letters, English if Latin
    ones, the word itself otherwise."""
    cache = _stemmers.cache
    result = cache.get(word)
    if result is None:
        if CYRILLIC.search(word):
            result = _stemmers.russian.stemWord(word)
        elif LATIN.search(word):
            result = _stemmers.english.stemWord(word)
        else:
            result = word
        if len(cache) > STEM_CACHE:
            cache.clear()
        cache[word] = result
    return result


def stem_english(word: str) -> str:
    """The English Snowball stem of a folded word, whatever its letters."""
    return _stemmers.english.stemWord(word)


_morph_lock = threading.Lock()
_analyzers: list = []  # pymorphy3's analyzer, made on first use: its dictionaries take a second


def _morph():
    if not _analyzers:
        with _morph_lock:  # one analyzer, even when several threads ask for it first
            if not _analyzers:
                import pymorphy3

                _analyzers.append(pymorphy3.MorphAnalyzer())
    return _analyzers[0]


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a folded Russian word (pymorphy3's first parse), or the word."""
    parsed = _morph().parse(word)
    return parsed[0].normal_form if parsed else word


def text_language(text: str) -> str:
    """ "ru" when most letters of the text are Cyrillic, else "en": the language a page marks a
    text in (`lang`), so a Russian page says which of its data is English."""
    cyrillic = len(re.findall(r"[А-Яа-яЁё]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "ru" if cyrillic >= latin else "en"
