"""The taxonomy index's word side, kept on disk beside the vectors so a new process does not
compute it again.

Building the word side means the comparable form of every word of 120,000 names (pymorphy3's
lemmas for Russian, Snowball stems for English) and the inverted index over them: most of a
worker's start. The file holds what that work produced, as flat arrays (no pickle), with the
digest of everything it was computed from: the skills' and names' rows as read from the
database at this start, and the code and dictionaries that turn words into terms. A file whose
digest differs from the rows read now is rebuilt, so the file can never answer for another
taxonomy (a new release, an alias added, changed or deleted, another test's database).
"""

import contextlib
import hashlib
import logging
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

FORMAT = "1"
SEPARATOR = "\x1f"  # between a phrase's terms; names never hold it (whitespace is normalised)
_LIBRARIES = ("pymorphy3", "pymorphy3-dicts-ru", "snowballstemmer")


def _code_stamp() -> bytes:
    """The code and dictionaries that make terms: another version makes other terms."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    for source in (here.parent.parent / "core" / "text.py", here / "text.py", here / "index.py"):
        digest.update(source.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none".encode())
    return digest.digest()


def rows_digest(skills: list[tuple[str, str, str]], aliases: list[tuple[str, str, str]]) -> str:
    """What the index is computed from: the rows, in the order read, and the code."""
    digest = hashlib.blake2b(_code_stamp(), digest_size=20)
    for rows in (skills, aliases):
        digest.update(str(len(rows)).encode())
        digest.update("\n".join(SEPARATOR.join(row) for row in rows).encode())
    return digest.hexdigest()


def blob(texts: list[str], separator: str = "\n") -> np.ndarray:
    return np.frombuffer(separator.join(texts).encode(), dtype=np.uint8)


def texts(blob: np.ndarray, count: int, separator: str = "\n") -> list[str]:
    if not count:
        return []
    found = blob.tobytes().decode().split(separator)
    if len(found) != count:
        raise ValueError("stored texts do not match their count")
    return found


class Postings:
    """term → the rows (entries) whose name holds it, over two flat arrays."""

    def __init__(self, vocabulary: list[str], rows: np.ndarray, offsets: np.ndarray) -> None:
        self.where = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
        self.rows, self.offsets = rows, offsets

    def __contains__(self, term: object) -> bool:
        return term in self.where

    def __getitem__(self, term: str) -> np.ndarray:
        at = self.where[term]
        return self.rows[self.offsets[at] : self.offsets[at + 1]]

    def __len__(self) -> int:
        return len(self.where)


class Phrases:
    """A name's whole sequence of terms → its rows (names of up to eight words)."""

    def __init__(self, keys: list[str], rows: np.ndarray, offsets: np.ndarray) -> None:
        self.where = dict(zip(keys, range(len(keys)), strict=True))
        self.rows, self.offsets = rows, offsets

    def get(self, terms: tuple[str, ...], default=()):
        at = self.where.get(SEPARATOR.join(terms))
        if at is None:
            return default
        return self.rows[self.offsets[at] : self.offsets[at + 1]].tolist()

    def __len__(self) -> int:
        return len(self.where)


def flatten(groups: dict) -> tuple[list, np.ndarray, np.ndarray]:
    """keys, their rows one after another, and where each key's rows start (CSR)."""
    keys = list(groups)
    sizes = np.fromiter((len(groups[k]) for k in keys), dtype=np.int64, count=len(keys))
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    rows = np.fromiter(
        (row for k in keys for row in groups[k]), dtype=np.int32, count=int(offsets[-1])
    )
    return keys, rows, offsets


def path_for(directory: Path, release: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-." else "_" for c in release)
    return Path(directory) / f"index-{safe}.npz"


def save(path: Path, digest: str, arrays: dict[str, np.ndarray]) -> None:
    """Write atomically (a reader never sees half a file); a cache that cannot be written is
    only slower next time."""
    token = hashlib.sha1(os.urandom(8)).hexdigest()[:8]
    partial = path.with_name(f"{path.name}.{token}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {"digest": np.array(digest), **arrays}
        with partial.open("wb") as opened:
            np.savez(opened, **payload)
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        logger.warning("skills: the index could not be kept at %s (%s)", path, error)


def load(path: Path, digest: str) -> dict[str, np.ndarray] | None:
    """The stored arrays when they were computed from these rows by this code, else None."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["digest"]) != digest:
                return None
            return {name: stored[name] for name in stored.files if name != "digest"}
    except (OSError, ValueError, KeyError) as error:
        if path.exists():
            logger.warning("skills: the kept index %s is unreadable (%s); rebuilding", path, error)
        return None


__all__ = [
    "Phrases",
    "Postings",
    "blob",
    "flatten",
    "load",
    "path_for",
    "rows_digest",
    "save",
    "texts",
]
