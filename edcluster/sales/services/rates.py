"""Exchange rates: the rate a figure is converted at, and the import of the Bank of Russia's
daily XML (`ValCurs` dated DD.MM.YYYY, each `Valute` with `CharCode`, `Nominal` and `Value`
with a decimal comma, in windows-1251)."""

import re
import xml.etree.ElementTree as ET  # noqa: N817
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.currencies import ISO_4217
from edcluster.core.services import audit_record
from edcluster.sales.models import ExchangeRate, Order, Payment
from edcluster.sales.services.conversion import LOOKBACK_DAYS
from edcluster.sales.services.rollups import moving_orders

SOURCE = "Bank of Russia"
ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9_-]+)["']""")


class RatesFileError(ValueError):
    """A rates file that is not the Bank of Russia's daily XML: nothing is imported."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(
            message
            if line is None
            else _("line %(line)d: %(message)s")
            % {
                "line": line,
                "message": message,
            }
        )


@dataclass
class RatesImported:
    on: date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rates: dict[str, Decimal] = field(default_factory=dict)


def _number(text: str | None, line: int, name: str) -> Decimal:
    try:
        value = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise RatesFileError(
            _("%(name)s is not a positive number: %(text)r") % {"name": name, "text": text}, line
        )
    return value


def rates_parse(data: bytes) -> tuple[date, dict[str, Decimal]]:
    """The date and the roubles per unit of each currency of a daily file; a file with another
    root, another encoding or a bad number raises `RatesFileError` naming the line."""
    declared = ENCODING.match(data.lstrip())
    if declared is None or declared.group(1).decode().lower() != "windows-1251":
        raise RatesFileError(_("The file is not in windows-1251 as the Bank of Russia's is."), 1)
    try:
        root = ET.fromstring(data)  # noqa: S314 (expat refuses entity expansion attacks)
    except ET.ParseError as error:
        raise RatesFileError(_("The file is not XML."), error.position[0]) from error
    if root.tag != "ValCurs":
        raise RatesFileError(_("The root is <%(tag)s>, not <ValCurs>.") % {"tag": root.tag}, 1)
    try:
        on = datetime.strptime(root.get("Date", ""), "%d.%m.%Y").date()  # noqa: DTZ007
    except ValueError as error:
        raise RatesFileError(_("ValCurs has no date as DD.MM.YYYY."), 1) from error
    return on, _valutes(data, root)


def _valutes(data: bytes, root: ET.Element) -> dict[str, Decimal]:
    lines = _valute_lines(data)
    rates: dict[str, Decimal] = {}
    for index, valute in enumerate(root.findall("Valute")):
        line = lines[index] if index < len(lines) else 1
        code = (valute.findtext("CharCode") or "").strip()
        if code not in ISO_4217:
            raise RatesFileError(_("%(code)r is not an ISO 4217 currency.") % {"code": code}, line)
        nominal = _number(valute.findtext("Nominal"), line, "Nominal")
        value = _number(valute.findtext("Value"), line, "Value")
        rates[code] = (value / nominal).quantize(Decimal("0.00000001"))
    return rates


def _valute_lines(data: bytes) -> list[int]:
    return [data[: match.start()].count(b"\n") + 1 for match in re.finditer(rb"<Valute\b", data)]


@transaction.atomic
def rates_import(*, data: bytes, actor=None) -> RatesImported:
    """Store a daily file's rates (idempotent: a second run changes nothing) and move the
    rollups of every figure the new rates convert."""
    on, rates = rates_parse(data)
    result = RatesImported(on=on, rates=rates)
    window = (on, on + timedelta(days=LOOKBACK_DAYS - 1))
    touched = Order.objects.filter(signed_on__range=window, lines__currency__in=list(rates))
    paid = Payment.objects.filter(paid_on__range=window, currency__in=list(rates))
    order_ids = set(touched.values_list("pk", flat=True)) | set(
        paid.values_list("order_id", flat=True)
    )
    with moving_orders(order_ids):
        for code, roubles in sorted(rates.items()):
            existing = ExchangeRate.objects.filter(on=on, currency=code).first()
            if existing is None:
                ExchangeRate.objects.create(on=on, currency=code, roubles=roubles, source=SOURCE)
                result.created += 1
            elif existing.roubles != roubles:
                existing.roubles = roubles
                existing.save(update_fields=["roubles"])
                result.updated += 1
            else:
                result.unchanged += 1
    if result.created or result.updated:
        audit_record(
            actor=actor,
            verb="sales.rates_imported",
            target=None,
            data={"on": on.isoformat(), "created": result.created, "updated": result.updated},
        )
    return result
