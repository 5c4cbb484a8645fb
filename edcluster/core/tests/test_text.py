"""Folding, stems in both languages and Russian lemmas: the forms search and extraction compare."""

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from edcluster.core import text
from edcluster.core.text import collapse_spaces, fold, fold_spaces, lemma, stem, stem_english

ROOT = Path(__file__).resolve().parents[3]


def test_fold_ignores_case_and_yo_and_keeps_spacing():
    assert fold("Ёлка  ЁЖ Straße") == "елка  еж strasse"


def test_fold_spaces_also_collapses_whitespace():
    assert fold_spaces("  Ёлка \t и\n ЁЖ  ") == "елка и еж"


def test_collapse_spaces_keeps_case_and_yo():
    assert collapse_spaces("  Ёлка \t и\n ЁЖ  ") == "Ёлка и ЁЖ"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("программированию", "программирован"),
        ("программирование", "программирован"),
        ("книги", "книг"),
        ("багровый", "багров"),
        ("programs", "program"),
        ("programming", "program"),
        ("generously", "generous"),
        ("consignment", "consign"),
        ("2024", "2024"),  # no letters of either alphabet: as it is
        ("αβγδ", "αβγδ"),
    ],
)
def test_stem_picks_the_snowball_of_the_words_alphabet(word, expected):
    assert stem(word) == expected


def test_stem_english_stems_whatever_the_letters():
    assert stem_english("running") == "run"
    assert stem_english("книги") == "книги"  # the English algorithm leaves Cyrillic alone
    assert stem("книги") != stem_english("книги")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("книги", "книга"), ("программированию", "программирование"), ("людей", "человек")],
)
def test_lemma_is_the_dictionary_form(word, expected):
    assert lemma(word) == expected


def test_stemming_from_many_threads_agrees_and_each_thread_has_its_own_stemmers():
    bases = ("программ", "проект", "teach", "design")
    words = [base + ending for base in bases for ending in ("а", "ами", "ирование", "ing", "ed")]
    expected = [stem(word) for word in words]
    stemmers: set[int] = set()
    start = threading.Barrier(4)

    def work(_: int) -> list[str]:
        start.wait()
        stemmers.add(id(text._stemmers.russian))
        return [stem(word) for _ in range(50) for word in words][-len(words) :]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    assert results == [expected] * 4
    assert len(stemmers) == 4


def test_one_analyzer_when_threads_ask_for_it_together(monkeypatch):
    monkeypatch.setattr(text, "_analyzers", [])
    start = threading.Barrier(3)

    def load(_: int) -> int:
        start.wait()
        return id(text._morph())

    with ThreadPoolExecutor(3) as pool:
        made = set(pool.map(load, range(3)))
    assert len(made) == 1
    assert len(text._analyzers) == 1


def test_importing_it_sets_up_neither_django_nor_the_dictionaries():
    """The demand reader process imports it without Django (see demand.posting_rows)."""
    check = (
        "import sys, edcluster.core.text\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "assert not loaded & {'django', 'pymorphy3'}, loaded & {'django', 'pymorphy3'}\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_a_text_is_marked_in_the_language_most_of_its_letters_are():
    from edcluster.core.text import text_language

    assert text_language("Инженер-программист Python, опыт от 3 лет") == "ru"
    assert text_language("Senior data engineer: Python, SQL, Airflow") == "en"
    assert text_language("") == "ru"  # no letters: nothing to mark either way


@pytest.mark.parametrize(
    ("page", "text", "html"),
    [
        ("ru", "Аналитики данных", "Аналитики данных"),
        ("ru", "Data analysts", '<span lang="en">Data analysts</span>'),
        ("en", "Data analysts", "Data analysts"),
        ("en", "Аналитики данных", '<span lang="ru">Аналитики данных</span>'),
        ("ru", "<b>Data</b>", '<span lang="en">&lt;b&gt;Data&lt;/b&gt;</span>'),
        ("ru", "", ""),
    ],
)
def test_a_text_not_in_the_pages_language_is_marked(page, text, html):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load languages %}{{ text|marked }}")
    with translation.override(page):
        assert template.render(Context({"text": text})) == html
