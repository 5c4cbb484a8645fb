from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from edcluster.core.models import in_language
from edcluster.skills.models import REUSE_LEVELS, Skill

register = template.Library()


def _labels(concept) -> tuple[str, str]:
    get = concept.get if isinstance(concept, dict) else lambda name: getattr(concept, name, "")
    return get("label_ru") or "", get("label") or ""


@register.filter
def named_text(concept) -> str:
    """A skill's, occupation's or group's name in the page's language as plain text (titles,
    attributes), English where the team has not written a Russian one yet."""
    return in_language(*_labels(concept))


@register.filter
def named(concept) -> str | SafeString:
    """A skill's, occupation's or group's name in the page's language. On a Russian page a
    concept without a Russian name shows its English label marked as such: `lang="en"` and a
    visible «(англ.)», so readers (and screen readers) know it is a fallback."""
    russian, english = _labels(concept)
    if not (get_language() or "ru").startswith("ru") or russian or not english:
        return in_language(russian, english)
    return format_html(
        '<span lang="en" class="fallback">{}</span> <small class="muted" title="{}">{}</small>',
        english,
        gettext("No Russian name yet"),
        gettext("(in English)"),
    )


@register.filter
def kind_name(kind: str) -> str:
    """A skill's ESCO type («knowledge», «skill/competence») in the page's language."""
    return str(dict(Skill.Kind.choices).get(kind, kind))


@register.filter
def reuse_level_name(level: str) -> str:
    """A skill's ESCO reuse level («sector-specific» …) in the page's language."""
    return str(REUSE_LEVELS.get(level, level))
