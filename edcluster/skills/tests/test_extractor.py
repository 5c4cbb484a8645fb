import numpy as np
import pytest

from edcluster.skills.extraction import Found, extractor
from edcluster.skills.extraction.embedders import VectorCache, embedder
from edcluster.skills.extraction.text import language_of, sentences, term, words
from edcluster.skills.models import Skill


def uris_of(found: list[Found]) -> dict[str, Found]:
    labels = dict(Skill.objects.values_list("uri", "label"))
    return {labels[f.uri]: f for f in found}


def test_text_is_cut_into_sentences_bullets_and_lines():
    text = "Мы ищем разработчика. Требования:\n- опыт на Python;\n• знание SQL\nWe offer a lot."
    assert [s for _offset, s in sentences(text)] == [
        "Мы ищем разработчика.",
        "Требования:",
        "опыт на Python;",
        "знание SQL",
        "We offer a lot.",
    ]
    for offset, piece in sentences(text):
        assert text[offset : offset + len(piece)] == piece


def test_word_forms_and_languages():
    assert term("программирования") == term("программированию") == "программирование"
    assert term("Programming") == term("programs") == "program"
    assert term("C++") == "c++"
    assert [t for _s, _e, t in words("Linux-серверов и тест-кейсов")] == [
        "linux",
        "сервер",
        "и",
        "тест",
        "кейс",
    ]
    assert [t for _s, _e, t in words("life-cycle of ASP.NET in C#")][:2] == ["life", "cycl"]
    assert [t for _s, _e, t in words("ASP.NET in C#")] == ["asp.net", "in", "c#"]
    assert language_of("Опыт работы с Python") == "ru"
    assert language_of("Experience with 1С") == "en"


def test_without_vectors_only_written_names_are_found(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path  # nothing built here
    engine = extractor()
    assert engine.dense is False
    found = uris_of(engine.extract("Требуется опыт программирования на Python и знание SQL."))
    assert set(found) >= {"Python (computer programming)", "SQL"}
    assert {f.method for f in found.values()} == {"lexical"}
    # the longest name found wins the evidence: our alias "программирование на Python"
    assert found["Python (computer programming)"].evidence == "программирования на Python"
    assert extractor().extract("Погода сегодня хорошая.") == []


def test_english_and_russian_postings(embedded):
    engine = extractor()
    assert engine.dense is True
    text = (
        "We are hiring a data scientist.\n"
        "- You build machine learning models in Python.\n"
        "- Вы отвечаете за управление бюджетом проекта."
    )
    found = uris_of(engine.extract(text))
    assert {"machine learning", "Python (computer programming)"} <= set(found)
    assert "manage budgets" in set(found)  # said in Russian: our alias "управление бюджетом"
    assert found["manage budgets"].evidence == "управление бюджетом"
    learning = found["machine learning"]
    assert text[learning.start : learning.end] == "machine learning"
    assert learning.method == "lexical+dense"
    assert all(0 < f.score for f in found.values())
    assert [f.score for f in engine.extract(text)] == sorted(
        [f.score for f in engine.extract(text)], reverse=True
    )


def test_repeated_sentences_come_from_the_cache(embedded, monkeypatch):
    engine = extractor()
    first = engine.extract("Strong knowledge of SQL and Java.")
    monkeypatch.setattr(engine.model, "queries", lambda texts: pytest.fail("embedded again"))
    assert engine.extract("Strong  knowledge of SQL and Java.") == first


def test_vectors_are_cached_on_disk_and_new_aliases_added(embedded, operator, vector_cache):
    from edcluster.skills.services import alias_create

    model = embedder()
    engine = extractor()
    cache = VectorCache(model, engine.index.release)
    texts = cache._read()[0]
    assert "Python (computer programming)" in texts
    assert "Python" in texts  # our Russian-set alias
    assert "Python3" not in texts  # ESCO's alternatives are matched as words only
    python = Skill.objects.get(label="Python (computer programming)")
    alias_create(uri=python.uri, language="ru", text="пайтон-разработка", actor=operator)
    refreshed = extractor()
    assert refreshed is not engine  # aliases changed: the index is rebuilt
    assert "пайтон-разработка" in cache._read()[0]
    row = refreshed.index.dense_texts().index("пайтон-разработка")
    assert refreshed.index.vectors is not None
    assert np.isclose(np.linalg.norm(refreshed.index.vectors[row]), 1.0, atol=1e-2)


def test_the_suite_runs_offline():
    import socket

    with pytest.raises(OSError, match="offline"):
        socket.create_connection(("203.0.113.1", 443), timeout=1)


def test_before_the_taxonomy_is_loaded_nothing_is_found(db, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    assert extractor().extract("Python and SQL.") == []


def test_each_language_of_sentence_has_its_weights(embedded):
    from edcluster.skills.extraction.engine import Extractor, Weights

    engine = Extractor(weights={"en": Weights(), "ru": Weights(lexical=0.0, phrase=0.0)})
    english, russian = engine.score(["Experience with SQL.", "Опыт работы с SQL."])
    assert english.lexical.max() > 0  # "SQL" is a whole name in both sentences …
    assert russian.lexical.max() == 0  # … but the Russian weights give words nothing
    evidence = engine.evidence(["Управление бюджетом проекта."])[0]
    assert evidence.language == "ru"
    dense, russian_names = evidence.dense, evidence.dense_ru
    assert dense is not None
    assert russian_names is not None
    assert russian_names.max() > 0.5  # "управление бюджетом", our name of "manage budgets"
    # the Russian names' cosines count with the offset of the weights, the others as they are
    alone = engine.fuse(evidence, Weights(lexical=0.0, phrase=0.0, ru_names=-2.0)).dense
    assert alone is not None
    assert np.array_equal(alone, dense)
    both = engine.fuse(evidence, Weights(lexical=0.0, phrase=0.0)).dense
    assert both is not None
    assert np.array_equal(both, np.maximum(dense, russian_names))
