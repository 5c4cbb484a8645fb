"""Which ESCO occupation a job title names: every word of one of its names is in the title
(Russian lemmas, English stems), the most specific such name winning."""

import math
import threading
from collections import defaultdict

from django.db.models import Max

from edcluster.skills.extraction.text import terms
from edcluster.skills.models import Occupation, SkillAlias


class OccupationIndex:
    def __init__(self) -> None:
        self.state = _state()
        occupations = list(
            Occupation.objects.filter(obsolete=False).values_list("pk", "uri", "label", "label_ru")
        )
        by_uri = {uri: pk for pk, uri, _label, _ru in occupations}
        names: list[tuple[int, tuple[str, ...]]] = []
        for pk, _uri, label, russian in occupations:
            names += [(pk, terms(label))] + ([(pk, terms(russian))] if russian else [])
        aliases = SkillAlias.objects.filter(uri__in=by_uri.keys()).values_list("uri", "text")
        names += [(by_uri[uri], terms(text)) for uri, text in aliases.iterator(chunk_size=10_000)]
        frequency: dict[str, int] = defaultdict(int)
        for _pk, words in names:
            for word in set(words):
                frequency[word] += 1
        total = len(names) or 1
        self.idf = {word: math.log(1 + total / count) for word, count in frequency.items()}
        self.by_word: dict[str, list[tuple[int, frozenset[str], float]]] = defaultdict(list)
        for pk, words in names:
            if words:
                needed = frozenset(words)
                weight = sum(self.idf[w] for w in needed)
                rarest = max(needed, key=lambda w: self.idf[w])
                self.by_word[rarest].append((pk, needed, weight))

    def recognise(self, title: str) -> tuple[int, float] | None:
        """(occupation id, share of the title's word weight its name covers), or None."""
        words = set(terms(title))
        best: tuple[float, float, int] | None = None
        for word in words:
            for pk, needed, weight in self.by_word.get(word, ()):
                if needed <= words and (best is None or (weight, -pk) > (best[0], -best[2])):
                    best = (weight, 0.0, pk)
        if best is None:
            return None
        title_weight = sum(self.idf.get(w, math.log(1 + len(self.idf))) for w in words) or 1.0
        return best[2], round(min(1.0, best[0] / title_weight), 4)


def _state() -> tuple:
    return (
        Occupation.objects.count(),
        SkillAlias.objects.aggregate(newest=Max("updated_at"))["newest"],
    )


_current: OccupationIndex | None = None
_lock = threading.Lock()


def occupation_index() -> OccupationIndex:
    global _current
    with _lock:
        if _current is None or _current.state != _state():
            _current = OccupationIndex()
        return _current
