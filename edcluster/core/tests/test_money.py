from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from edcluster.core.templatetags.money import money_text

NB = "\u00a0"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("ru", Decimal("1234567.5"), "RUB", f"1{NB}234{NB}567,50{NB}₽"),
        ("ru", Decimal("1234567"), "RUB", f"1{NB}234{NB}567{NB}₽"),
        ("ru", Decimal("12500.00"), "cny", f"12{NB}500{NB}CNY"),
        ("ru", Decimal("0.005"), "USD", f"0,01{NB}USD"),
        ("en", Decimal("1234567.5"), "RUB", f"1,234,567.50{NB}₽"),
        ("en", 999, "KZT", f"999{NB}KZT"),
        ("en", Decimal("-70.1"), "", f"-70.10{NB}₽"),
    ],
)
def test_money_is_grouped_with_two_decimals_or_none_and_its_sign(
    language, amount, currency, expected
):
    with translation.override(language):
        assert money_text(amount, currency) == expected


def test_no_amount_is_a_dash_and_the_filter_takes_the_currency():
    assert money_text(None) == "—"
    with translation.override("ru"):
        rendered = Template('{% load money %}{{ a|money:"EUR" }}|{{ b|money }}').render(
            Context({"a": Decimal("1000.5"), "b": None})
        )
    assert rendered == f"1{NB}000,50{NB}EUR|—"
