"""`{{ amount|money:"CNY" }}`: an amount of money as its reader writes it, in the page's
language: digits grouped in thousands, two decimals (none when the amount is whole), «₽» for
roubles and the ISO 4217 code for any other currency («1 234 567,50 ₽», «12 500 CNY»;
"1,234,567.50 ₽" in English). No amount: a dash. The currency defaults to roubles."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()

ROUBLE = "RUB"
SIGNS = {ROUBLE: "₽"}
NO_BREAK = "\u00a0"


def money_text(amount, currency: str = ROUBLE) -> str:
    """The amount formatted for the current language (see the module)."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if not value.is_finite():
        return str(amount)
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else 2
    digits = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    # Grouped with a no-break space so that an amount never breaks over two lines.
    digits = digits.replace(" ", NO_BREAK).replace("\u202f", NO_BREAK)
    code = (currency or ROUBLE).strip().upper()
    return f"{digits}{NO_BREAK}{SIGNS.get(code, code)}"


@register.filter
def money(amount, currency: str = ROUBLE) -> str:
    return money_text(amount, currency)
