"""Reads of the supply side: the skills a product teaches."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from edcluster.matching.models import ProductSkill


def product_skills(product, *, with_removed: bool = False) -> QuerySet[ProductSkill]:
    """The product's skills: confirmed and added first, then the extractor's by score; removed
    ones (for its editors) last."""
    links = ProductSkill.objects.filter(product=product).select_related("skill", "outcome")
    if not with_removed:
        links = links.exclude(decision=ProductSkill.Decision.REMOVED)
    rank = Case(
        When(decision=ProductSkill.Decision.CONFIRMED, then=Value(0)),
        When(decision=ProductSkill.Decision.REMOVED, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return links.annotate(rank=rank).order_by("rank", "-score", "skill__label")


def proposal_list(*, viewer):
    """Proposals, newest first: operators and the staff of admitted members (candidates for
    the consortia) read them."""
    from django.core.exceptions import PermissionDenied

    from edcluster.demand.selectors import can_read_demand
    from edcluster.matching.models import Proposal

    if not can_read_demand(user=viewer):
        raise PermissionDenied
    return Proposal.objects.select_related("product", "created_by")


def access_proposal(*, user, proposal_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(proposal_list(viewer=user), pk=proposal_id)


def offers_visible(*, viewer):
    """Offers an operator, the employer's staff, or the offering owner's staff may read."""
    from django.db.models import Q

    from edcluster.accounts.selectors import organization_ids_of
    from edcluster.matching.models import Offer

    offers = Offer.objects.select_related("request__organization", "product", "organization",
                                          "offering")  # fmt: skip
    if not viewer.is_authenticated:
        return offers.none()
    if viewer.is_operator:
        return offers
    mine = organization_ids_of(user=viewer)
    return offers.filter(Q(request__organization__in=mine) | Q(organization__in=mine))


def offer_list(*, viewer, status: str = "", request_id: int | None = None):
    offers = offers_visible(viewer=viewer)
    if status:
        offers = offers.filter(status=status)
    if request_id is not None:
        offers = offers.filter(request_id=request_id)
    return offers


def access_offer(*, user, offer_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(offers_visible(viewer=user), pk=offer_id)


def editable_products(*, user):
    """Published products the user may offer: of the organizations where they edit (all of
    them for operators)."""
    from edcluster.accounts.selectors import EDITING_ROLES, organization_ids_of
    from edcluster.catalog.models import Product

    products = Product.objects.filter(status=Product.Status.PUBLISHED)
    if not user.is_authenticated:
        return products.none()
    if user.is_operator:
        return products
    editing = organization_ids_of(user=user, roles=EDITING_ROLES)
    return products.filter(ownerships__organization__in=editing).distinct()


def covered_requests(*, user, limit: int = 50) -> list[dict]:
    """Requests not closed that the products the user may offer cover, best covered first:
    each with its best product of theirs and the coverage. Scored at the skill level for all
    requests at once (`demand_scores`)."""
    from edcluster.catalog.models import Product
    from edcluster.demand.models import DemandRequest, RequestSkill
    from edcluster.demand.selectors import request_visible
    from edcluster.matching.coverage import demand_scores

    if not user.is_authenticated or user.is_operator:
        return []  # operators see every request's coverage on its page
    products = set(editable_products(user=user).values_list("pk", flat=True))
    if not products:
        return []
    requests = request_visible(viewer=user).exclude(status=DemandRequest.Status.CLOSED)
    scores = demand_scores(RequestSkill.objects.filter(request__in=requests), product_ids=products)
    best: dict[int, tuple[float, int]] = {}  # each request's best product, the lower id on a tie
    for (request_id, product_id), score in sorted(
        scores.items(), key=lambda item: (-item[1], item[0][1])
    ):
        best.setdefault(request_id, (score, product_id))
    ranked = sorted(((score, r, p) for r, (score, p) in best.items()),
                    key=lambda item: (-item[0], -item[1]))[:limit]  # fmt: skip
    found = DemandRequest.objects.select_related("organization").in_bulk([b[1] for b in ranked])
    named = Product.objects.in_bulk([b[2] for b in ranked])
    return [{"request": found[r], "product": named[p], "score": score} for score, r, p in ranked]
