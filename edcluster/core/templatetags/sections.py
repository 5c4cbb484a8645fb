from django import template
from django.utils.safestring import SafeString, mark_safe

from edcluster.core.sections import section_contexts

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, entity: str, obj) -> SafeString:
    """The sections other apps registered for this entity's page, in order (see
    edcluster.core.sections); each rendered as an inclusion tag would be."""
    parts = []
    for section, values in section_contexts(entity, context["request"], obj):
        page = context.template.engine.get_template(section.template)
        inner = context.new(values)
        if context.get("csrf_token") is not None:
            inner["csrf_token"] = context["csrf_token"]
        parts.append(page.render(inner))
    return mark_safe("\n".join(parts))  # noqa: S308 (each part is a rendered template)
