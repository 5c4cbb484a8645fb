"""Search-as-you-type from the vocabulary: completions, and words one typo away."""

from edcluster.catalog.models import SearchPosting, SearchWord, SearchWordVariant
from edcluster.catalog.search.terms import starts_with, variants
from edcluster.core.text import stem


def distance(a: str, b: str, limit: int = 1) -> int:
    """Optimal-string-alignment distance (a transposition counts one), or limit + 1 if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def near_words(word: str, *, limit: int = 5) -> list[str]:
    """Vocabulary words one typo away from `word`, the most used first."""
    if len(word) < 4:
        return []
    rows = (
        SearchWordVariant.objects.filter(variant__in=variants(word), word__doc_count__gt=0)
        .values_list("word__word", "word__doc_count")
        .distinct()
    )
    found = sorted(
        ((count, text) for text, count in rows if text != word and distance(word, text) <= 1),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [text for _, text in found[:limit]]


def completions(prefix: str, *, limit: int = 8) -> list[str]:
    """Vocabulary words that begin with `prefix`, the most used first."""
    return list(
        SearchWord.objects.filter(starts_with("word", prefix), doc_count__gt=0)
        .order_by("-doc_count", "word")
        .values_list("word", flat=True)[:limit]
    )


def known_word(word: str) -> bool:
    return SearchWord.objects.filter(word=word, doc_count__gt=0).exists() or (
        SearchPosting.objects.filter(
            public=True, in_title__in=[True, False], term=stem(word)
        ).exists()
    )
