"""The index's word side kept on disk: a new process reads it instead of computing it, and a
file computed from other rows (or damaged) is never used."""

import numpy as np

from edcluster.skills.extraction import stored
from edcluster.skills.extraction.index import TaxonomyIndex
from edcluster.skills.models import Skill, SkillAlias


def same_words(kept: TaxonomyIndex, built: TaxonomyIndex) -> None:
    assert kept.texts == built.texts
    assert kept.uris == built.uris
    for name in ("entry_concept", "preferred", "embedded", "entry_ru", "entry_weight"):
        assert np.array_equal(getattr(kept, name), getattr(built, name)), name
    assert kept.idf == built.idf
    assert set(kept.postings.where) == set(built.postings.where)
    for term in built.postings.where:
        assert kept.postings[term].tolist() == built.postings[term].tolist(), term
    assert kept.phrases.where.keys() == built.phrases.where.keys()
    for key in built.phrases.where:
        terms = tuple(key.split(stored.SEPARATOR))
        assert kept.phrases.get(terms) == built.phrases.get(terms)


def test_a_second_index_reads_the_kept_file_and_equals_a_fresh_build(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    built = TaxonomyIndex(embedder=None, with_vectors=False)
    assert built.kept is False
    assert list(tmp_path.glob("index-*.npz"))
    kept = TaxonomyIndex(embedder=None, with_vectors=False)
    assert kept.kept is True
    same_words(kept, built)
    # what the extractor asks of the index answers alike
    python = ("python",)
    assert kept.phrases.get(python) == built.phrases.get(python) != []
    assert "python" in kept.postings
    assert "no-such-term" not in kept.postings
    assert kept.phrases.get(("no-such-term",)) == ()


def test_an_alias_changed_added_or_deleted_makes_the_file_stale(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    TaxonomyIndex(embedder=None, with_vectors=False)
    skills = Skill.objects.filter(obsolete=False).values("uri")
    alias = SkillAlias.objects.filter(language="ru", uri__in=skills).earliest("pk")
    SkillAlias.objects.filter(pk=alias.pk).update(text="квантовая криптография на заказ")
    changed = TaxonomyIndex(embedder=None, with_vectors=False)
    assert changed.kept is False
    assert "квантовая криптография на заказ" in changed.texts
    assert TaxonomyIndex(embedder=None, with_vectors=False).kept is True
    SkillAlias.objects.filter(pk=alias.pk).delete()
    deleted = TaxonomyIndex(embedder=None, with_vectors=False)
    assert deleted.kept is False
    assert "квантовая криптография на заказ" not in deleted.texts


def test_a_damaged_or_foreign_file_is_rebuilt(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    built = TaxonomyIndex(embedder=None, with_vectors=False)
    (path,) = tmp_path.glob("index-*.npz")
    path.write_bytes(b"not an npz file")
    again = TaxonomyIndex(embedder=None, with_vectors=False)
    assert again.kept is False
    same_words(again, built)
    # a file computed from other rows: its digest differs, so it is not read
    arrays = stored.load(path, stored.rows_digest([], []))
    assert arrays is None


def test_an_unwritable_folder_only_costs_the_build(taxonomy, settings, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    settings.SKILLS_CACHE_DIR = blocker / "skills"
    first = TaxonomyIndex(embedder=None, with_vectors=False)
    second = TaxonomyIndex(embedder=None, with_vectors=False)
    assert first.kept is second.kept is False
    same_words(second, first)
