from django import template
from django.utils import timezone

from edcluster.catalog.models import Product
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


@register.inclusion_tag("matching/product_demand.html", takes_context=True)
def product_demand_block(context, product) -> dict:
    """The demand the product meets (for those who read the market's demand)."""
    from edcluster.demand.selectors import can_read_demand
    from edcluster.matching.reach import product_demand

    if not can_read_demand(user=context["request"].user):
        return {"shown": False}
    return {"shown": True, "product": product, **product_demand(product)}


@register.inclusion_tag("matching/coverage.html", takes_context=True)
def coverage_for_request(context, demand) -> dict:
    """Published products ranked by how much of the request they cover; the employer asks
    their owners for offers from here."""
    from edcluster.demand.selectors import can_edit_request
    from edcluster.matching.coverage import demand_of_request, rank_products
    from edcluster.matching.models import Offer

    wanted = demand_of_request(demand)
    user = context["request"].user
    can_ask = not demand.is_closed and can_edit_request(user=user, request=demand)
    taken = set(
        Offer.objects.filter(request=demand)
        .exclude(status__in=(Offer.Status.DECLINED, Offer.Status.NOT_TAKEN))
        .values_list("product_id", flat=True)
    ) if can_ask else set()  # fmt: skip
    return {"ranked": rank_products(wanted, limit=10), "demand": wanted, "can_ask": can_ask,
            "taken": taken, "target": demand, "request": context["request"]}  # fmt: skip


@register.inclusion_tag("matching/offers.html", takes_context=True)
def offers_for_request(context, demand) -> dict:
    """The offers made or asked for on the request, with the forms the viewer may use: the
    owner answers an ask or declines it, the employer accepts an offer or does not take it, a
    member responds with one of its products."""
    from edcluster.catalog.models import Offering
    from edcluster.demand.selectors import can_edit_request
    from edcluster.matching.forms import OfferDecideForm, OfferDeclineForm, OfferForm
    from edcluster.matching.models import Offer
    from edcluster.matching.selectors import editable_products, offer_list

    request = context["request"]
    user, bound = request.user, context.get("offer_forms") or {}
    employer = can_edit_request(user=user, request=demand)
    rows = []
    for offer in offer_list(viewer=user, request_id=demand.pk):
        row: dict = {"offer": offer}
        if (
            not demand.is_closed
            and offer.status == Offer.Status.ASKED
            and can_edit_product(user=user, product=offer.product)
        ):
            runs = Offering.objects.filter(product=offer.product, ends_on__gte=timezone.localdate())
            row["answer"] = bound.get(f"answer-{offer.pk}") or OfferForm(
                products=Product.objects.filter(pk=offer.product_id), offerings=runs, fixed=True,
                initial={"product": offer.product.slug}, prefix=f"answer-{offer.pk}",
            )  # fmt: skip
            row["decline"] = bound.get(f"decline-{offer.pk}") or OfferDeclineForm(
                prefix=f"decline-{offer.pk}"
            )
        if offer.status == Offer.Status.OFFERED and employer:
            row["decide"] = bound.get(f"decide-{offer.pk}") or OfferDecideForm(
                prefix=f"decide-{offer.pk}"
            )
        rows.append(row)
    respond = None
    if not demand.is_closed and not user.is_operator:
        products = editable_products(user=user).order_by("title_ru")
        if products.exists():
            respond = bound.get("respond") or OfferForm(products=products, prefix="respond")
    return {"rows": rows, "respond": respond, "demand": demand, "request": request}


@register.inclusion_tag("matching/coverage.html")
def coverage_for_occupation(occupation_id: int) -> dict:
    """Published products ranked by how much of the occupation's skills they cover."""
    from edcluster.matching.coverage import demand_of_occupation, rank_products

    wanted = demand_of_occupation(occupation_id)
    return {"ranked": rank_products(wanted, limit=10), "demand": wanted}
