"""Months as people read them, in the active language: «март 2026» on a chart's axis, «с января
по март 2026» in a sentence (Russian needs the genitive after «с»: Django's `E` format).

A month's name keeps the case the language writes it with inside a sentence: lowercase in
Russian, capitalised in English, taken from the alternative (`E`) form Django's locale gives."""

from calendar import monthrange
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def _in_sentence(name: str, day: date) -> str:
    """The month's nominative name written as the language writes it mid-sentence."""
    alternative = date_format(day, "E")
    if alternative[:1].islower():
        return name[:1].lower() + name[1:]
    return name


def month_name(day: date) -> str:
    """«март» / "March": the nominative, as written mid-sentence."""
    return _in_sentence(date_format(day, "F"), day)


def month_label(day: date) -> str:
    """«март 2026» / "March 2026": a month on its own (a chart's label, a table's cell)."""
    return f"{month_name(day)} {day.year}"


def month_span(start: date, end: date) -> str:
    """«с января по март 2026», «с мая 2025 по март 2026», «март 2026» / "from January to March
    2026": the months from `start` to `end`, as a phrase that fits in a sentence."""
    if (start.year, start.month) == (end.year, end.month):
        return month_label(end)
    values = {
        "start": date_format(start, "E"),
        "end": month_name(end),
        "start_year": start.year,
        "end_year": end.year,
    }
    if start.year == end.year:
        return gettext("from %(start)s to %(end)s %(end_year)s") % values
    return gettext("from %(start)s %(start_year)s to %(end)s %(end_year)s") % values


SLACK = timedelta(days=2)  # data ending this close to a month's end counts the whole month


def covered_until(*, until: date | None = None, today: date | None = None) -> date:
    """The last day figures can count: today, or the newest data (`until`) if earlier."""
    today = today or timezone.localdate()
    return min(today, until) if until else today


def in_progress(month: date, *, until: date | None = None, today: date | None = None) -> bool:
    """Whether the month's figures are partial: it has not ended yet, or the data (the newest
    record, `until`) stops before its last days."""
    last_day = date(month.year, month.month, monthrange(month.year, month.month)[1])
    return covered_until(until=until, today=today) < last_day - SLACK
