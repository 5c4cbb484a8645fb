"""The skills' ESCO descriptions as a channel of the extractor: embedded once with the names,
their cosine with a sentence added with the weight of the sentence's language."""

from dataclasses import replace

import numpy as np

from edcluster.skills.extraction import extractor
from edcluster.skills.extraction.embedders import VectorCache, embedder
from edcluster.skills.extraction.engine import WEIGHTS
from edcluster.skills.models import Skill

PARAPHRASE = (
    "Проводить испытания в лаборатории, чтобы получать надёжные и точные данные для исследований"
)


def test_each_skill_has_its_description_embedded(embedded):
    index = extractor().index
    assert index.descriptions is not None
    assert index.descriptions.shape == (len(index.uris), embedder().dim)
    mining = Skill.objects.get(label="data mining")
    row = index.uris.index(mining.uri)
    text = " ".join(mining.description.split())
    assert text
    assert index.description_texts()[row] == text
    assert text in VectorCache(embedder(), index.release)._read()[0]  # built by skills_embed
    again = embedder().passages([text])[0]
    assert float(index.descriptions[row] @ again) > 0.99


def test_a_paraphrase_of_a_description_meets_it(embedded):
    engine = extractor()
    index = engine.index
    evidence = engine.evidence([PARAPHRASE])[0]
    assert evidence.described is not None
    tests = index.uris.index(Skill.objects.get(label="perform laboratory tests").uri)
    # the sentence says in Russian what the description of "perform laboratory tests" says
    assert int(np.argmax(evidence.described)) == tests
    weights = WEIGHTS["e5"]["ru"]
    assert weights.description > 0
    without = engine.fuse(evidence, replace(weights, description=0.0)).fused
    with_them = engine.fuse(evidence, weights).fused
    assert np.allclose(with_them - without, weights.description * evidence.described)
    assert (
        np.count_nonzero(with_them > with_them[tests]) < np.count_nonzero(without > without[tests])
        or int(np.argmax(with_them)) == tests
    )


def test_an_older_cache_gets_the_descriptions_at_the_next_start(taxonomy, settings, tmp_path):
    """A cache built before descriptions were embedded holds the names only: the next index
    embeds what is missing instead of going without (as it does for a new alias)."""
    from edcluster.skills.extraction.index import TaxonomyIndex

    settings.SKILLS_CACHE_DIR = tmp_path
    model = embedder()
    names_only = TaxonomyIndex(embedder=model, with_vectors=False)
    cache = VectorCache(model, names_only.release, tmp_path)
    cache.vectors(names_only.dense_texts())
    descriptions = set(names_only.description_texts())
    assert not descriptions <= set(cache._read()[0])
    index = TaxonomyIndex(embedder=model)
    assert index.vectors is not None
    assert index.descriptions is not None
    assert len(index.descriptions) == len(index.uris)
    assert descriptions <= set(cache._read()[0])
