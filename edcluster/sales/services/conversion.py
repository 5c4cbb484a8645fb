"""Figures in roubles: the rate a currency is converted at on a date, and what is said when
there is none (the figure is then left out of totals, never converted at 1)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from edcluster.sales.models import ExchangeRate

ROUBLE = "RUB"
# The Bank of Russia sets no rate on weekends and holidays: the last one set holds until then.
LOOKBACK_DAYS = 7


def rate_on(currency: str, on: date) -> Decimal | None:
    """Roubles per unit on the date (the last rate set in the week up to it), None when none."""
    if currency == ROUBLE:
        return Decimal(1)
    return (
        ExchangeRate.objects.filter(
            currency=currency, on__lte=on, on__gt=on - timedelta(days=LOOKBACK_DAYS)
        )
        .order_by("-on")
        .values_list("roubles", flat=True)
        .first()
    )


def missing_rate_message(currency: str, on: date) -> str:
    return _("no %(currency)s rate for %(date)s") % {"currency": currency, "date": on.isoformat()}
