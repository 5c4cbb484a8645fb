"""The sections matching adds to other apps' pages (see edcluster.core.sections): a product's
skills and the demand it meets, a request's coverage and offers, an occupation's coverage.
Each context function checks who may see what and returns None to show nothing."""

from edcluster.catalog.models import Product
from edcluster.catalog.selectors import can_edit_product
from edcluster.core import sections
from edcluster.demand.selectors import can_edit_request, can_read_demand
from edcluster.matching.forms import OfferDecideForm, OfferDeclineForm, OfferForm, SkillAddForm
from edcluster.matching.models import Offer
from edcluster.matching.selectors.coverage import (
    demand_of_occupation,
    demand_of_request,
    rank_products,
)
from edcluster.matching.selectors.offers import (
    editable_products,
    offer_list,
    products_offered,
    runs_to_offer,
)
from edcluster.matching.selectors.products import processing, product_skills
from edcluster.matching.selectors.reach import product_demand

OFFER_FORMS = "matching.offers"  # the bound offer forms a view hands the offers section


def product_skills_context(request, product, *, add_form=None) -> dict:
    """The skills the product teaches; its editors confirm, remove and add them (also the
    htmx fragment the skills views answer with)."""
    editing = can_edit_product(user=request.user, product=product)
    return {
        "product": product,
        "links": product_skills(product, with_removed=editing),
        "editing": editing,
        "add_form": add_form or (SkillAddForm() if editing else None),
        "request": request,
    }


def product_demand_context(request, product) -> dict | None:
    """The demand the product meets (for those who read the market's demand)."""
    if not can_read_demand(user=request.user):
        return None
    return {"product": product, **product_demand(product), "processing": processing(products=False)}


def request_coverage_context(request, demand) -> dict:
    """Published products ranked by how much of the request they cover; the employer asks
    their owners for offers from here."""
    wanted = demand_of_request(demand)
    can_ask = not demand.is_closed and can_edit_request(user=request.user, request=demand)
    taken = products_offered(request=demand) if can_ask else set()
    return {
        "ranked": rank_products(wanted, limit=10),
        "demand": wanted,
        "can_ask": can_ask,
        "taken": taken,
        "target": demand,
        "request": request,
    }


def _offer_row(offer: Offer, *, user, demand, employer: bool, bound: dict) -> dict:
    """An offer with the forms the viewer may use on it: the owner answers an ask or declines
    it, the employer accepts an offer or does not take it."""
    row: dict = {"offer": offer}
    if (
        not demand.is_closed
        and offer.status == Offer.Status.ASKED
        and can_edit_product(user=user, product=offer.product)
    ):
        row["answer"] = bound.get(f"answer-{offer.pk}") or OfferForm(
            products=Product.objects.filter(pk=offer.product_id),
            offerings=runs_to_offer(product=offer.product),
            fixed=True,
            initial={"product": offer.product.slug},
            prefix=f"answer-{offer.pk}",
        )
        row["decline"] = bound.get(f"decline-{offer.pk}") or OfferDeclineForm(
            prefix=f"decline-{offer.pk}"
        )
    if offer.status == Offer.Status.OFFERED and employer:
        row["decide"] = bound.get(f"decide-{offer.pk}") or OfferDecideForm(
            prefix=f"decide-{offer.pk}"
        )
    return row


def request_offers_context(request, demand) -> dict:
    """The offers made or asked for on the request, with the forms the viewer may use; a
    member responds with one of its products."""
    user, bound = request.user, sections.bound(request, OFFER_FORMS, {})
    employer = can_edit_request(user=user, request=demand)
    rows = [
        _offer_row(offer, user=user, demand=demand, employer=employer, bound=bound)
        for offer in offer_list(viewer=user, request_id=demand.pk)
    ]
    respond = None
    if not demand.is_closed and not user.is_operator:
        products = editable_products(user=user).order_by("title_ru")
        if products.exists():
            respond = bound.get("respond") or OfferForm(products=products, prefix="respond")
    return {"rows": rows, "respond": respond, "demand": demand, "request": request}


def occupation_coverage_context(request, concept: dict) -> dict:
    """Published products ranked by how much of the occupation's skills they cover (the page's
    object is the occupation as skills' `occupation_detail` gives it, a dict with its id)."""
    wanted = demand_of_occupation(concept["id"])
    return {"ranked": rank_products(wanted, limit=10), "demand": wanted}


def product_skills_section(request, product) -> dict:
    return product_skills_context(request, product)


def register() -> None:
    """Matching's sections of other apps' pages (called from MatchingConfig.ready)."""
    add = sections.register
    add(
        "catalog.product",
        name="matching.skills",
        order=10,
        template="matching/product_skills.html",
        context=product_skills_section,
    )
    add(
        "catalog.product",
        name="matching.demand",
        order=20,
        template="matching/product_demand.html",
        context=product_demand_context,
    )
    add(
        "demand.request",
        name="matching.coverage",
        order=10,
        template="matching/coverage.html",
        context=request_coverage_context,
    )
    add(
        "demand.request",
        name="matching.offers",
        order=20,
        template="matching/offers.html",
        context=request_offers_context,
    )
    add(
        "skills.occupation",
        name="matching.coverage",
        order=10,
        template="matching/coverage.html",
        context=occupation_coverage_context,
    )
