"""The taxonomy's vectors: every name and description of every skill embedded once into the
extractor's cache."""

from collections.abc import Callable
from dataclasses import dataclass

from edcluster.skills.extraction.embedders import embedder
from edcluster.skills.extraction.index import TaxonomyIndex


@dataclass(frozen=True)
class Embedded:
    names: int
    skills: int
    model: str
    added: int


def taxonomy_embed(
    *, backend: str = "", progress: Callable[[int, int], None] | None = None
) -> Embedded:
    """Embed the names and descriptions not in the cache yet (a later run embeds only new
    aliases)."""
    model = embedder(backend)
    index = TaxonomyIndex(embedder=model, with_vectors=False)
    added = index.build_vectors(progress=progress)
    return Embedded(names=len(index.texts), skills=len(index.uris), model=model.name, added=added)
