from django import template

from edcluster.core.models import in_language

register = template.Library()


@register.filter
def named(concept) -> str:
    """A skill's, occupation's or group's name in the page's language (English when ESCO has
    no Russian one and we have not written it yet)."""
    get = concept.get if isinstance(concept, dict) else lambda name: getattr(concept, name)
    return in_language(get("label_ru") or "", get("label") or "")
