"""`{{ text|text_language }}`: the language to mark a text of the data in (`lang="…"`);
`{{ text|marked }}`: the text itself, wrapped in `<span lang="…">` when it is not in the page's
language (an English request title on a Russian page), so readers and screen readers know."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from edcluster.core.text import text_language as language_of

register = template.Library()


@register.filter
def text_language(text) -> str:
    return language_of(str(text or ""))


@register.filter
def marked(text) -> str | SafeString:
    text = str(text or "")
    language = language_of(text)
    if not text or language == (get_language() or "ru")[:2]:
        return text
    return format_html('<span lang="{}">{}</span>', language, text)
