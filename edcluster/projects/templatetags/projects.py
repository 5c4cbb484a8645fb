"""The milestone timeline's positions: a day between a project's start and end, in whole percent."""

from datetime import date

from django import template

register = template.Library()


@register.simple_tag
def timeline_at(day: date, starts_on: date, ends_on: date) -> str:
    """The CSS class placing `day` on the bar from `starts_on` to `ends_on` (at-0 … at-100)."""
    span = (ends_on - starts_on).days or 1
    share = round(100 * (day - starts_on).days / span)
    return f"at-{min(100, max(0, share))}"
