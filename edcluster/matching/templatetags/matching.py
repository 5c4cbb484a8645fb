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


@register.inclusion_tag("matching/coverage.html")
def coverage_for_request(demand) -> dict:
    """Published products ranked by how much of the request they cover."""
    from edcluster.matching.coverage import demand_of_request, rank_products

    wanted = demand_of_request(demand)
    return {"ranked": rank_products(wanted, limit=10), "demand": wanted}


@register.inclusion_tag("matching/coverage.html")
def coverage_for_occupation(occupation_id: int) -> dict:
    """Published products ranked by how much of the occupation's skills they cover."""
    from edcluster.matching.coverage import demand_of_occupation, rank_products

    wanted = demand_of_occupation(occupation_id)
    return {"ranked": rank_products(wanted, limit=10), "demand": wanted}
