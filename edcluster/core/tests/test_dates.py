"""Months in the reader's language and grammatical case."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from edcluster.core.dates import in_progress, month_label, month_span


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "март 2026"), ("en", "March 2026")],
)
def test_a_month_alone_is_in_the_nominative(language, expected):
    with translation.override(language):
        assert month_label(date(2026, 3, 1)) == expected


@pytest.mark.parametrize(
    ("language", "start", "expected"),
    [
        ("ru", date(2026, 1, 1), "с января по март 2026"),
        ("ru", date(2025, 5, 1), "с мая 2025 по март 2026"),
        ("ru", date(2026, 3, 1), "март 2026"),
        ("en", date(2026, 1, 1), "from January to March 2026"),
        ("en", date(2025, 5, 1), "from May 2025 to March 2026"),
    ],
)
def test_a_span_reads_in_a_sentence(language, start, expected):
    with translation.override(language):
        assert month_span(start, date(2026, 3, 1)) == expected


def test_the_template_filters_capitalise_a_sentence_start():
    template = Template(
        "{% load dates %}{{ start|month_span:end|capfirst }} · {{ end|month_label }}"
    )
    with translation.override("ru"):
        text = template.render(Context({"start": date(2025, 4, 1), "end": date(2026, 3, 1)}))
    assert text == "С апреля 2025 по март 2026 · март 2026"


def test_a_month_not_over_or_whose_data_stops_early_is_in_progress():
    today = date(2026, 12, 6)
    assert in_progress(date(2026, 12, 1), today=today)
    assert not in_progress(date(2026, 11, 1), today=today)
    # the newest record is of 1 November: November's figures are not all in
    assert in_progress(date(2026, 11, 1), until=date(2026, 11, 1), today=today)
    assert not in_progress(date(2026, 10, 1), until=date(2026, 11, 1), today=today)
    assert not in_progress(date(2026, 11, 1), until=date(2026, 11, 29), today=today)
