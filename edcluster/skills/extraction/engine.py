"""Scoring: lexical evidence and embedding similarity fused into one score per skill."""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
from django.conf import settings

from edcluster.skills.extraction.embedders import embedder
from edcluster.skills.extraction.index import TaxonomyIndex, taxonomy_state
from edcluster.skills.extraction.text import language_of, sentences, words


@dataclass(frozen=True)
class Weights:
    """How the signals combine; chosen by cross-validation on the validation splits, per
    language of the sentence (docs/skills.md, "Evaluation")."""

    lexical: float = 0.10  # × share of a name's word weight the sentence contains …
    lexical_power: float = 2.0  # … raised to this power (half a name counts a quarter)
    phrase: float = 0.10  # a name found as a whole, in order
    informative: float = 1.3  # names with less word weight than 1.3 unique words count less
    ru_names: float = 0.0  # added to the cosine with a skill's Russian names
    ru_words: float = 1.0  # × a Russian name's lexical score (0 turns that channel off)
    description: float = 0.0  # × the cosine with the skill's ESCO description (English)
    threshold: float = 0.92  # fused score a skill needs (best F1 on the validation splits)
    lexical_only_threshold: float = 0.6  # … when no vectors are built: informative whole names
    top: int = 8  # at most this many skills per sentence


# The fused score a skill needs to be kept, by the sentence's language: the best F1 of what
# extraction keeps on the validation splits under the weights below (`skills_eval --thresholds`)
THRESHOLD_EN, THRESHOLD_RU = 1.09, 1.14

# Each model's similarities have their own scale, and each language of the sentence its own
# names to meet, so each (model, language) has its own weights (docs/skills.md).
WEIGHTS: dict[str, dict[str, Weights]] = {
    "e5": {
        "en": Weights(ru_names=-0.04, description=0.2, threshold=THRESHOLD_EN),
        # Russian names' cosines run higher than English labels' with a Russian sentence, the
        # lexical side weighs less and the descriptions more: a Russian sentence paraphrases,
        # and meets the meaning of a skill in its description rather than in its short names
        # (chosen on the Russian validation set, docs/skills.md)
        "ru": Weights(
            lexical=0.05, phrase=0.0, ru_names=-0.04, description=0.3, threshold=THRESHOLD_RU
        ),
    },
    "use": {
        language: Weights(
            lexical=0.25, lexical_power=1.0, phrase=0.2, informative=0.8, threshold=0.65
        )
        for language in ("en", "ru")
    },
}


# What `skills_eval --folds` chooses from (per language; the first of equals wins, so each
# list starts from the least added weight), and the stages of its ablation (`--ablation`).
GRID: dict[str, tuple[float, ...]] = {
    "lexical": (0.0, 0.05, 0.1, 0.15, 0.2),
    "phrase": (0.0, 0.05, 0.1, 0.15, 0.2),
    "ru_names": (0.0, -0.02, -0.04, -0.06),
    "description": (0.0, 0.1, 0.2, 0.3, 0.4),
}
OFF: tuple[float, ...] = (0.0,)  # a stage without that signal
STAGES: dict[str, dict[str, tuple[float, ...]]] = {
    "dense, preferred labels only": {
        "lexical": OFF,
        "phrase": OFF,
        "ru_names": (-2.0,),
        "description": OFF,
    },
    "+ Russian names embedded": {
        "lexical": OFF,
        "phrase": OFF,
        "ru_names": GRID["ru_names"],
        "description": OFF,
    },
    "+ names' words covered": {
        "lexical": GRID["lexical"],
        "phrase": OFF,
        "ru_names": GRID["ru_names"],
        "description": OFF,
    },
    "+ whole names in order": {**GRID, "description": OFF},
    "+ descriptions embedded (the extractor)": GRID,
    "the extractor without Russian names as words": {**GRID, "ru_words": OFF},
}


@dataclass(frozen=True)
class Found:
    uri: str
    label: str
    label_ru: str
    score: float
    start: int
    end: int
    evidence: str
    method: str  # "lexical", "dense" or "lexical+dense"


@dataclass
class Evidence:
    """What a sentence shows of every skill before any weight is applied."""

    language: str
    touched: np.ndarray  # the names sharing a word with the sentence (entry rows)
    cover: np.ndarray  # … the share of each one's word weight the sentence contains
    phrase: np.ndarray  # … 1 where the name occurs whole, in order
    spans: dict[int, tuple[int, int]]  # concept → the words of the sentence that name it
    dense: np.ndarray | None  # per concept: best cosine over its non-Russian names
    dense_ru: np.ndarray | None  # … over its Russian names (-1 for a skill without one)
    described: np.ndarray | None = None  # … with its description


@dataclass
class Scored:
    fused: np.ndarray
    lexical: np.ndarray
    dense: np.ndarray | None
    spans: dict[int, tuple[int, int]]  # concept → the words of the sentence that name it


class Extractor:
    def __init__(
        self,
        *,
        backend: str = "",
        weights: dict[str, Weights] | None = None,
        with_vectors: bool = True,
    ) -> None:
        backend = backend or settings.SKILLS_EMBEDDER
        self.model = embedder(backend) if with_vectors else None
        self.index = TaxonomyIndex(embedder=self.model, with_vectors=with_vectors)
        self.weights = weights or WEIGHTS[backend]
        self.cache: OrderedDict[str, list[Found]] = OrderedDict()
        self.lock = threading.Lock()

    @property
    def dense(self) -> bool:
        return self.index.vectors is not None

    # ranking every skill for a sentence ------------------------------------------------------

    def score(self, sentences: list[str]) -> list[Scored]:
        return [self.fuse(e, self.weights[e.language]) for e in self.evidence(sentences)]

    def evidence(self, sentences: list[str]) -> list[Evidence]:
        if not sentences:
            return []
        index = self.index
        if self.model is None or index.vectors is None or not index.uris:
            return [self._evidence(sentence, None, None) for sentence in sentences]
        vectors, names = self.model.queries(sentences), index.vectors.T
        # the index takes the names' and the descriptions' vectors together (`_take`)
        assert index.descriptions is not None
        descriptions = index.descriptions.T
        found: list[Evidence] = []
        for start in range(0, len(sentences), 64):
            # 64 sentences against every name in one matrix product, then each skill's best
            # name, Russian names apart (their cosines with a sentence run on their own scale)
            similar = vectors[start : start + 64] @ names
            other = np.maximum.reduceat(similar[:, index.other_cols], index.other_starts, axis=1)
            russian = np.full_like(other, -1.0)
            if len(index.ru_cols):
                russian[:, index.ru_concepts] = np.maximum.reduceat(
                    similar[:, index.ru_cols], index.ru_starts, axis=1
                )
            described = vectors[start : start + 64] @ descriptions
            found.extend(
                map(self._evidence, sentences[start : start + 64], other, russian, described)
            )
        return found

    def _evidence(
        self,
        sentence: str,
        dense: np.ndarray | None,
        dense_ru: np.ndarray | None,
        described: np.ndarray | None = None,
    ) -> Evidence:
        index = self.index
        tokens = words(sentence)
        terms = [t for _s, _e, t in tokens]
        present = {t for t in terms if t in index.postings}
        spans: dict[int, tuple[int, int]] = {}
        if not present:
            empty = np.zeros(0, np.float32)
            return Evidence(
                language_of(sentence),
                np.zeros(0, np.int64),
                empty,
                empty,
                spans,
                dense,
                dense_ru,
                described,
            )
        # Only the names sharing a word with the sentence can score: work on those rows alone.
        rows = np.concatenate([index.postings[t] for t in present])
        gains = np.concatenate(
            [np.full(len(index.postings[t]), index.idf[t], np.float32) for t in present]
        )
        touched, where = np.unique(rows, return_inverse=True)
        cover = np.bincount(where, weights=gains).astype(np.float32)
        cover = np.minimum(cover / index.entry_weight[touched], 1.0)
        phrase = np.zeros_like(cover)
        whole = []  # names found whole, in order
        for size in range(min(8, len(terms)), 0, -1):
            for at in range(len(terms) - size + 1):
                for row in index.phrases.get(tuple(terms[at : at + size]), ()):
                    whole.append(row)
                    concept = int(index.entry_concept[row])
                    spans.setdefault(concept, (tokens[at][0], tokens[at + size - 1][1]))
        phrase[np.searchsorted(touched, whole)] = 1.0
        return Evidence(
            language_of(sentence), touched, cover, phrase, spans, dense, dense_ru, described
        )

    def fuse(self, evidence: Evidence, w: Weights) -> Scored:
        """Every skill's score for a sentence under the weights `w`."""
        index = self.index
        lexical = np.zeros(len(index.uris), dtype=np.float32)
        if len(evidence.touched):
            value = (
                w.lexical * np.power(evidence.cover, w.lexical_power) + w.phrase * evidence.phrase
            )
            value *= index.informative(w.informative)[evidence.touched]
            if w.ru_words != 1.0:
                value *= np.where(index.entry_ru[evidence.touched], w.ru_words, 1.0)
            np.maximum.at(lexical, index.entry_concept[evidence.touched], value)
        if evidence.dense is None:
            fused = lexical / (w.lexical + w.phrase)
            return Scored(fused=fused, lexical=lexical, dense=None, spans=evidence.spans)
        similar = evidence.dense
        if evidence.dense_ru is not None:
            similar = np.maximum(similar, evidence.dense_ru + w.ru_names)
        fused = lexical + similar
        if evidence.described is not None and w.description:
            fused = fused + w.description * evidence.described
        return Scored(fused=fused, lexical=lexical, dense=similar, spans=evidence.spans)

    # extraction ------------------------------------------------------------------------------

    def extract(self, text: str) -> list[Found]:
        """The skills a text names or describes, best first, one entry per skill."""
        return self.extract_many([text])[0]

    def extract_many(self, texts: list[str]) -> list[list[Found]]:
        """`extract` for many texts at once: their new sentences are embedded in one batch,
        which is what the embedding model is fastest at (bulk ingestion calls this)."""
        split = [sentences(text) for text in texts]
        todo = list(
            dict.fromkeys(
                piece
                for pieces in split
                for _offset, piece in pieces
                if self._cached(piece) is None
            )
        )
        for piece, scored in zip(todo, self.score(todo), strict=True):
            self._remember(piece, self._pick(piece, scored))
        return [self._collect(pieces) for pieces in split]

    def _collect(self, pieces: list[tuple[int, str]]) -> list[Found]:
        results: dict[str, Found] = {}
        for offset, piece in pieces:
            for found in self._cached(piece) or []:
                if found.uri not in results or results[found.uri].score < found.score:
                    results[found.uri] = replace(
                        found, start=found.start + offset, end=found.end + offset
                    )
        return sorted(results.values(), key=lambda f: -f.score)

    def _pick(self, sentence: str, scored: Scored) -> list[Found]:
        w, index = self.weights[language_of(sentence)], self.index
        threshold = w.threshold if scored.dense is not None else w.lexical_only_threshold
        top = min(w.top, len(scored.fused))
        best = np.argpartition(-scored.fused, top - 1)[:top] if top else np.array([], int)
        best = best[np.argsort(-scored.fused[best], kind="stable")]
        found = []
        for concept in best:
            score = float(scored.fused[concept])
            if score < threshold:
                break
            lexical = concept in scored.spans
            start, end = scored.spans.get(int(concept), (0, len(sentence)))
            method = (
                ("lexical+dense" if lexical else "dense")
                if scored.dense is not None
                else ("lexical")
            )
            found.append(
                Found(
                    index.uris[concept],
                    index.labels[concept],
                    index.labels_ru[concept],
                    round(score, 4),
                    start,
                    end,
                    sentence[start:end],
                    method,
                )
            )
        return found

    def _key(self, sentence: str) -> str:
        return hashlib.blake2b(" ".join(sentence.split()).encode(), digest_size=16).hexdigest()

    def _cached(self, sentence: str) -> list[Found] | None:
        with self.lock:
            key = self._key(sentence)
            found = self.cache.get(key)
            if found is not None:
                self.cache.move_to_end(key)
            return found

    def _remember(self, sentence: str, found: list[Found]) -> None:
        with self.lock:
            self.cache[self._key(sentence)] = found
            while len(self.cache) > settings.SKILLS_SENTENCE_CACHE:
                self.cache.popitem(last=False)


_current: Extractor | None = None
_lock = threading.Lock()


def extractor() -> Extractor:
    """The process's extractor, rebuilt when the taxonomy or its aliases changed."""
    global _current
    with _lock:
        if (
            _current is None
            or _current.index.state != taxonomy_state()
            or (not _current.dense and _vectors_ready(_current))
        ):
            _current = Extractor()
        return _current


def _vectors_ready(current: Extractor) -> bool:
    from edcluster.skills.extraction.embedders import VectorCache

    model = current.model
    return model is not None and VectorCache(model, current.index.release).ready


def extract(text: str) -> list[Found]:
    return extractor().extract(text)


def rank(sentence: str) -> np.ndarray:
    """Fused scores of every skill of the index for one sentence (for evaluation)."""
    return extractor().score([sentence])[0].fused
