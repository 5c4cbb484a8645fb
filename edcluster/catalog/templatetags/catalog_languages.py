"""`{{ code|language_label }}`: a teaching language named in the page's language (русский)."""

from django import template

from edcluster.catalog.languages import language_label as label

register = template.Library()


@register.filter
def language_label(code) -> str:
    return label(str(code or ""))
