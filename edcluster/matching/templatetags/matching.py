from django import template

from edcluster.catalog.selectors import can_edit_product
from edcluster.matching.forms import SkillAddForm
from edcluster.matching.selectors import product_skills

register = template.Library()


def skills_context(request, product, *, add_form=None) -> dict:
    editing = can_edit_product(user=request.user, product=product)
    return {
        "product": product,
        "links": product_skills(product, with_removed=editing),
        "editing": editing,
        "add_form": add_form or (SkillAddForm() if editing else None),
        "request": request,
    }


@register.inclusion_tag("matching/product_skills.html", takes_context=True)
def product_skills_block(context, product) -> dict:
    """The skills the product teaches; its editors confirm, remove and add them."""
    return skills_context(context["request"], product)
