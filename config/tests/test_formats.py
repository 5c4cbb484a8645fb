"""Dates are day first with the month named in English, and as Django writes them in Russian."""

import datetime

import pytest
from django.utils import formats, translation

DAY = datetime.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "SHORT_DATE_FORMAT", "4 Mar 2026"),
        ("en", "DATE_FORMAT", "4 March 2026"),
        ("ru", "SHORT_DATE_FORMAT", "04.03.2026"),
        ("ru", "DATE_FORMAT", "4 марта 2026 г."),
    ],
)
def test_date_formats(language, fmt, expected):
    with translation.override(language):
        assert formats.date_format(DAY, fmt) == expected


def test_english_date_input_is_never_month_first():
    with translation.override("en"):
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
