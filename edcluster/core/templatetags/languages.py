"""`{{ text|text_language }}`: the language to mark a text of the data in (`lang="…"`)."""

from django import template

from edcluster.core.text import text_language as language_of

register = template.Library()


@register.filter
def text_language(text) -> str:
    return language_of(str(text or ""))
