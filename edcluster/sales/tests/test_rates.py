from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edcluster.sales import services
from edcluster.sales.models import ExchangeRate
from edcluster.sales.tests.factories import rates_xml

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 2)


def test_a_daily_file_is_read_with_nominals_and_decimal_commas():
    on, rates = services.rates_parse(
        rates_xml(DAY, {"CNY": (1, "11,4523"), "KZT": (100, "16,0012"), "USD": (1, "80,5")})
    )
    assert on == DAY
    assert rates == {
        "CNY": Decimal("11.4523"),
        "KZT": Decimal("0.160012"),
        "USD": Decimal("80.5"),
    }


def test_the_import_is_idempotent_and_counts(tmp_path, capsys):
    path = tmp_path / "XML_daily.asp"
    path.write_bytes(rates_xml(DAY, {"CNY": (1, "11,4523"), "MNT": (1000, "23,1")}))
    call_command("sales_rates_import", str(path))
    call_command("sales_rates_import", str(path))
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "1 file(s): 2 rates created, 0 updated, 0 unchanged.",
        "1 file(s): 0 rates created, 0 updated, 2 unchanged.",
    ]
    assert set(ExchangeRate.objects.values_list("currency", "on", "roubles")) == {
        ("CNY", DAY, Decimal("11.4523")),
        ("MNT", DAY, Decimal("0.0231")),
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (rates_xml(DAY, {"CNY": (1, "11,45")}).replace(b"ValCurs", b"Rates"), "line 1: The root"),
        (rates_xml(DAY, {"CNY": (1, "11,45")}, encoding="utf-8"), "line 1: The file is not in"),
        (rates_xml(DAY, {"CNY": (1, "11,45"), "USD": (1, "8O,1")}), "line 4: Value is not"),
        (rates_xml(DAY, {"CNY": (1, "11,45"), "XYZ": (1, "1,0")}), "line 4: 'XYZ' is not"),
        (rates_xml(DAY, {"CNY": (0, "11,45")}), "line 3: Nominal is not"),
    ],
)
def test_a_bad_file_imports_nothing_and_names_the_line(tmp_path, data, message):
    path = tmp_path / "rates.xml"
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        call_command("sales_rates_import", str(path))
    assert message in str(error.value)
    assert not ExchangeRate.objects.exists()


def test_a_changed_rate_is_updated():
    services.rates_import(data=rates_xml(DAY, {"CNY": (1, "11,45")}))
    result = services.rates_import(data=rates_xml(DAY, {"CNY": (1, "11,50")}))
    assert (result.created, result.updated) == (0, 1)
    assert ExchangeRate.objects.get().roubles == Decimal("11.5")


def test_a_missing_rate_is_said_in_russian():
    from django.utils import translation

    from edcluster.sales.services.conversion import missing_rate_message

    with translation.override("ru"):
        assert missing_rate_message("CNY", date(2026, 3, 2)) == "нет курса CNY на 2026-03-02"
