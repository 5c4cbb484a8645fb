"""`{{ start|month_span:end }}` («с января по март 2026») and `{{ day|month_label }}` («март
2026»), from core.dates."""

from datetime import date

from django import template

from edcluster.core.dates import month_label as label
from edcluster.core.dates import month_span as span

register = template.Library()


@register.filter
def month_span(start: date, end: date) -> str:
    return span(start, end)


@register.filter
def month_label(day: date) -> str:
    return label(day)
