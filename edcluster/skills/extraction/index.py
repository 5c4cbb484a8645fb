"""The taxonomy as the extractor sees it: every name of every skill, as words and as vectors.

Read from the database once per process (and again when the taxonomy or its aliases change);
the word side is computed once for those rows and kept on disk beside the vectors (`stored`):
- entries: one per (skill, name) — the preferred label, ESCO's alternative labels, our Russian
  and the operators' aliases — grouped by skill so per-skill maxima are one `reduceat`;
  all of them are matched as words, only preferred labels and our aliases as vectors (ESCO's
  97,000 alternative labels added nothing to the dense side on the validation splits, and cost
  seven times the embedding work and memory: docs/skills.md, "The extractor");
- words: an inverted index from comparable word forms to entries, with IDF weights, for the
  lexical side (how much of a name a sentence contains, in any order);
- vectors: the entries' embeddings from the on-disk cache (absent until built: the extractor
  then works lexically and says so), and each skill's ESCO description embedded the same way
  (a sentence meets the description's wording, the tools and cases it names, where the short
  names say too little: docs/skills.md, "Evaluation").
"""

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connections
from django.db.models import Count, Max

from edcluster.skills.extraction.embedders import Embedder, VectorCache
from edcluster.skills.extraction.stored import (
    SEPARATOR,
    Phrases,
    Postings,
    blob,
    flatten,
    rows_digest,
)
from edcluster.skills.extraction.stored import load as kept_load
from edcluster.skills.extraction.stored import path_for as kept_path
from edcluster.skills.extraction.stored import save as kept_save
from edcluster.skills.extraction.stored import texts as texts_of
from edcluster.skills.extraction.text import language_of
from edcluster.skills.extraction.text import terms as text_terms
from edcluster.skills.models import Skill, SkillAlias, Taxonomy


@dataclass(slots=True)
class Entry:
    concept: int
    text: str
    preferred: bool
    embedded: bool  # has a vector: preferred labels and our aliases, not ESCO's alternatives


def taxonomy_state() -> tuple[str, int, int, int, int]:
    """What the index depends on: the release, the newest alias and how many (an alias
    deleted changes the count), and the skills."""
    release = Taxonomy.objects.filter(name="esco").values_list("version", flat=True).first()
    aliases = SkillAlias.objects.aggregate(
        newest=Max("updated_at"), top=Max("pk"), count=Count("pk")
    )
    stamp = aliases["newest"].timestamp() if aliases["newest"] else 0
    return (
        f"esco-{release or 'none'}",
        int(stamp * 1000),
        aliases["top"] or 0,
        aliases["count"],
        Skill.objects.count(),
    )


class TaxonomyIndex:
    def __init__(self, *, embedder: Embedder | None, with_vectors: bool = True) -> None:
        self.state = taxonomy_state()
        self.release = self.state[0]
        skills, aliases = _rows()
        self.uris = [uri for uri, _label, _ru in skills]
        self.labels = [label for _uri, label, _ru in skills]
        self.labels_ru = [ru for _uri, _label, ru in skills]
        digest = rows_digest(skills, aliases)
        path = kept_path(settings.SKILLS_CACHE_DIR, self.release)
        arrays = kept_load(path, digest)
        self.kept = arrays is not None  # the word side came from the file kept on disk
        if arrays is None:
            arrays = _build(self.labels, self.uris, aliases)
            kept_save(path, digest, arrays)
        self._restore(arrays)
        self.vectors: np.ndarray | None = None
        self.descriptions: np.ndarray | None = None  # per skill, in the order of `uris`
        self._informative: tuple[float, np.ndarray] | None = None
        self.embedder = embedder
        if embedder is not None and with_vectors:
            cache = VectorCache(embedder, self.release)
            if cache.ready:
                self._take(cache.vectors(self.dense_texts() + self.description_texts()))

    def _restore(self, arrays: dict[str, np.ndarray]) -> None:
        """The index from its arrays (built now or kept on disk)."""
        self.entry_concept = arrays["entry_concept"]
        self.texts = texts_of(arrays["texts"], len(self.entry_concept))
        self.preferred, self.embedded = arrays["preferred"], arrays["embedded"]
        self.entry_ru = arrays["entry_ru"]
        self.entry_weight, self.entry_length = arrays["entry_weight"], arrays["entry_length"]
        vocabulary = texts_of(arrays["vocabulary"], len(arrays["idf"]))
        self.idf = dict(zip(vocabulary, arrays["idf"].tolist(), strict=True))
        self.postings = Postings(vocabulary, arrays["postings"], arrays["postings_at"])
        phrases = texts_of(arrays["phrases"], len(arrays["phrases_at"]) - 1)
        self.phrases = Phrases(phrases, arrays["phrase_rows"], arrays["phrases_at"])
        self.starts = _starts(self.entry_concept)
        self.dense_rows = np.flatnonzero(self.embedded).astype(np.int64)
        # the embedded names' columns: Russian ones apart, grouped by concept for `reduceat`
        russian = self.entry_ru[self.dense_rows]
        self.other_cols = np.flatnonzero(~russian)
        self.other_starts = _starts(self.entry_concept[self.dense_rows[self.other_cols]])
        self.ru_cols = np.flatnonzero(russian)
        ru_concepts = self.entry_concept[self.dense_rows[self.ru_cols]]
        self.ru_starts = _starts(ru_concepts) if len(ru_concepts) else np.zeros(0, np.int64)
        self.ru_concepts = ru_concepts[self.ru_starts]

    @property
    def entries(self) -> list[Entry]:
        """Every (skill, name) entry, in row order."""
        return [
            Entry(int(concept), text, bool(preferred), bool(embedded))
            for concept, text, preferred, embedded in zip(
                self.entry_concept, self.texts, self.preferred, self.embedded, strict=True
            )
        ]

    def informative(self, words: float) -> np.ndarray:
        """How much a name's match counts by how much it says: names whose words are common
        ("experience", "engineer") are weak evidence even when the sentence has all of them.
        Full weight takes the IDF of `words` words found in one name only."""
        if self._informative is None or self._informative[0] != words:
            unique = math.log(1 + len(self.texts))
            self._informative = (words, np.minimum(1.0, self.entry_weight / (words * unique)))
        return self._informative[1]

    def dense_texts(self) -> list[str]:
        return [self.texts[row] for row in self.dense_rows]

    def description_texts(self) -> list[str]:
        """What each skill's description vector is made of: its ESCO description on one line
        (the cache keeps a text per line), or its label where it has none."""
        rows = Skill.objects.values_list("uri", "description")
        described = {uri: description for uri, description in rows.iterator() if description}
        return [
            " ".join(described.get(uri, label).split())
            for uri, label in zip(self.uris, self.labels, strict=True)
        ]

    def _take(self, vectors: np.ndarray) -> None:
        """The names' vectors, then the descriptions' (as `dense_texts` + `description_texts`)."""
        names = len(self.dense_rows)
        self.vectors, self.descriptions = vectors[:names], vectors[names:]

    def build_vectors(self, progress=None) -> int:
        """Embed the names and descriptions not in the cache yet (all of them, the first
        time); returns how many."""
        assert self.embedder is not None
        cache = VectorCache(self.embedder, self.release)
        texts = self.dense_texts() + self.description_texts()
        known = set(cache._read()[0])
        missing = len({t for t in texts if t not in known})
        self._take(cache.vectors(texts, progress=progress))
        return missing


def _starts(concepts: np.ndarray) -> np.ndarray:
    """Where each concept's run of rows begins (rows are grouped by concept, every concept
    has at least its preferred label)."""
    return np.flatnonzero(np.r_[True, np.diff(concepts) != 0])


def _rows() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The skills in force (uri, label, Russian label) and their other names (uri, text,
    source), in a stable order. Read as plain rows: 150,000 names through the ORM's row
    objects took half of a worker's start."""
    skills = _fetch(
        Skill.objects.filter(obsolete=False).order_by("pk").values_list("uri", "label", "label_ru")
    )
    known = {uri for uri, _label, _ru in skills}
    names = _fetch(SkillAlias.objects.order_by("pk").values_list("uri", "text", "source"))
    return skills, [row for row in names if row[0] in known]


def _fetch(queryset) -> list[tuple[str, str, str]]:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _build(labels: list[str], uris: list[str], aliases) -> dict[str, np.ndarray]:
    """Every (skill, name) entry grouped by skill, and the word side over them, as arrays.
    All names are matched as words, only preferred labels and our aliases as vectors."""
    position = {uri: index for index, uri in enumerate(uris)}
    names: dict[int, dict[str, tuple[bool, bool]]] = defaultdict(dict)
    for index, label in enumerate(labels):
        names[index][label] = (True, True)
    for uri, text, source in aliases:
        known = names[position[uri]]
        text = " ".join(text.split())
        preferred, embedded = known.get(text, (False, False))
        known[text] = (preferred, embedded or source != SkillAlias.Source.ESCO)
    entries = [
        Entry(concept, text, preferred, embedded)
        for concept in range(len(labels))
        for text, (preferred, embedded) in names[concept].items()
    ]
    texts = [e.text for e in entries]
    arrays = _words(texts)
    arrays["entry_concept"] = np.array([e.concept for e in entries], dtype=np.int32)
    arrays["texts"] = blob(texts)
    arrays["preferred"] = np.array([e.preferred for e in entries], dtype=bool)
    arrays["embedded"] = np.array([e.embedded for e in entries], dtype=bool)
    arrays["entry_ru"] = np.array([language_of(text) == "ru" for text in texts], dtype=bool)
    return arrays


def _words(texts: list[str]) -> dict[str, np.ndarray]:
    """The lexical side: terms → rows with IDF weights, each name's weight and length, and
    the names of up to eight terms as whole phrases."""
    postings: dict[str, list[int]] = defaultdict(list)
    phrases: dict[str, list[int]] = defaultdict(list)
    entry_terms = [text_terms(text) for text in texts]
    for row, terms in enumerate(entry_terms):
        for term in set(terms):
            postings[term].append(row)
        if terms and len(terms) <= 8:
            phrases[SEPARATOR.join(terms)].append(row)
    total = len(texts) or 1
    idf = {term: math.log(1 + total / len(rows)) for term, rows in postings.items()}
    vocabulary, rows, offsets = flatten(postings)
    keys, phrase_rows, phrase_offsets = flatten(phrases)
    return {
        "vocabulary": blob(vocabulary),
        "idf": np.array([idf[term] for term in vocabulary], dtype=np.float64),
        "postings": rows,
        "postings_at": offsets,
        "phrases": blob(keys),
        "phrase_rows": phrase_rows,
        "phrases_at": phrase_offsets,
        "entry_weight": np.array(
            [sum(idf[t] for t in terms) or 1.0 for terms in entry_terms], dtype=np.float32
        ),
        "entry_length": np.array([len(t) for t in entry_terms], dtype=np.int32),
    }
