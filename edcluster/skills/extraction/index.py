"""The taxonomy as the extractor sees it: every name of every skill, as words and as vectors.

Built from the database once per process (and again when the taxonomy or its aliases change):
- entries: one per (skill, name) — the preferred label, ESCO's alternative labels, our Russian
  and the operators' aliases — grouped by skill so per-skill maxima are one `reduceat`;
  all of them are matched as words, only preferred labels and our aliases as vectors (ESCO's
  97,000 alternative labels added nothing to the dense side on the validation splits, and cost
  seven times the embedding work and memory: docs/skills.md, "The extractor");
- words: an inverted index from comparable word forms to entries, with IDF weights, for the
  lexical side (how much of a name a sentence contains, in any order);
- vectors: the entries' embeddings from the on-disk cache (absent until built: the extractor
  then works lexically and says so).
"""

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Max

from edcluster.skills.extraction.embedders import Embedder, VectorCache
from edcluster.skills.extraction.text import language_of
from edcluster.skills.extraction.text import terms as text_terms
from edcluster.skills.models import Skill, SkillAlias, Taxonomy


@dataclass(slots=True)
class Entry:
    concept: int
    text: str
    preferred: bool
    embedded: bool  # has a vector: preferred labels and our aliases, not ESCO's alternatives


def taxonomy_state() -> tuple[str, int, int]:
    """What the index depends on: the release, and the newest alias and skill rows."""
    release = Taxonomy.objects.filter(name="esco").values_list("version", flat=True).first()
    aliases = SkillAlias.objects.aggregate(newest=Max("updated_at"), top=Max("pk"))
    stamp = aliases["newest"].timestamp() if aliases["newest"] else 0
    return (f"esco-{release or 'none'}", int(stamp * 1000), Skill.objects.count())


class TaxonomyIndex:
    def __init__(self, *, embedder: Embedder | None, with_vectors: bool = True) -> None:
        self.state = taxonomy_state()
        self.release = self.state[0]
        skills = list(
            Skill.objects.filter(obsolete=False)
            .order_by("pk")
            .values_list("uri", "label", "label_ru")
        )
        self.uris = [uri for uri, _label, _ru in skills]
        self.labels = [label for _uri, label, _ru in skills]
        self.labels_ru = [ru for _uri, _label, ru in skills]
        position = {uri: index for index, uri in enumerate(self.uris)}
        names: dict[int, dict[str, tuple[bool, bool]]] = defaultdict(dict)
        for index, label in enumerate(self.labels):
            names[index][label] = (True, True)
        for uri, text, source in (
            SkillAlias.objects.filter(uri__in=position.keys())
            .values_list("uri", "text", "source")
            .iterator(chunk_size=20_000)
        ):
            known = names[position[uri]]
            text = " ".join(text.split())
            preferred, embedded = known.get(text, (False, False))
            known[text] = (preferred, embedded or source != SkillAlias.Source.ESCO)
        self.entries = [
            Entry(concept, text, preferred, embedded)
            for concept in range(len(skills))
            for text, (preferred, embedded) in names[concept].items()
        ]
        self.entry_concept = np.array([e.concept for e in self.entries], dtype=np.int32)
        self.starts = _starts(self.entry_concept)
        self.entry_ru = np.array([language_of(e.text) == "ru" for e in self.entries], dtype=bool)
        self.dense_rows = np.array(
            [i for i, e in enumerate(self.entries) if e.embedded], dtype=np.int64
        )
        # the embedded names' columns: Russian ones apart, grouped by concept for `reduceat`
        russian = self.entry_ru[self.dense_rows]
        self.other_cols = np.flatnonzero(~russian)
        self.other_starts = _starts(self.entry_concept[self.dense_rows[self.other_cols]])
        self.ru_cols = np.flatnonzero(russian)
        ru_concepts = self.entry_concept[self.dense_rows[self.ru_cols]]
        self.ru_starts = _starts(ru_concepts) if len(ru_concepts) else np.zeros(0, np.int64)
        self.ru_concepts = ru_concepts[self.ru_starts]
        self._words()
        self.vectors: np.ndarray | None = None
        self._informative: tuple[float, np.ndarray] | None = None
        self.embedder = embedder
        if embedder is not None and with_vectors:
            cache = VectorCache(embedder, self.release)
            if cache.ready:
                self.vectors = cache.vectors(self.dense_texts())

    def _words(self) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        self.entry_terms: list[tuple[str, ...]] = []
        for row, entry in enumerate(self.entries):
            terms = text_terms(entry.text)
            self.entry_terms.append(terms)
            for term in set(terms):
                postings[term].append(row)
        total = len(self.entries) or 1
        self.idf = {term: math.log(1 + total / len(rows)) for term, rows in postings.items()}
        self.postings = {term: np.array(rows, dtype=np.int32) for term, rows in postings.items()}
        self.entry_weight = np.array(
            [sum(self.idf[t] for t in terms) or 1.0 for terms in self.entry_terms], dtype=np.float32
        )
        self.entry_length = np.array([len(t) for t in self.entry_terms], dtype=np.int32)
        self.phrases: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for row, terms in enumerate(self.entry_terms):
            if terms and len(terms) <= 8:
                self.phrases[terms].append(row)

    def informative(self, words: float) -> np.ndarray:
        """How much a name's match counts by how much it says: names whose words are common
        ("experience", "engineer") are weak evidence even when the sentence has all of them.
        Full weight takes the IDF of `words` words found in one name only."""
        if self._informative is None or self._informative[0] != words:
            unique = math.log(1 + len(self.entries))
            self._informative = (words, np.minimum(1.0, self.entry_weight / (words * unique)))
        return self._informative[1]

    def dense_texts(self) -> list[str]:
        return [self.entries[row].text for row in self.dense_rows]

    def build_vectors(self, progress=None) -> int:
        """Embed the names not in the cache yet (all of them, the first time); returns how many."""
        assert self.embedder is not None
        cache = VectorCache(self.embedder, self.release)
        texts = self.dense_texts()
        known = set(cache._read()[0])
        missing = len({t for t in texts if t not in known})
        self.vectors = cache.vectors(texts, progress=progress)
        return missing


def _starts(concepts: np.ndarray) -> np.ndarray:
    """Where each concept's run of rows begins (rows are grouped by concept, every concept
    has at least its preferred label)."""
    return np.flatnonzero(np.r_[True, np.diff(concepts) != 0])
