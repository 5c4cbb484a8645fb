"""Reads of offers: who sees an offer, the products a member may offer, what is already
offered on a request, and the open requests a member's products cover."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.catalog.models import Offering, Product
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.selectors import request_visible
from edcluster.matching.models import Offer
from edcluster.matching.selectors.coverage import demand_of_request, demand_scores, rank_products
from edcluster.organizations.models import Organization

AGAIN = (Offer.Status.DECLINED, Offer.Status.NOT_TAKEN)  # may be asked or offered again


def coverage_score(*, request: DemandRequest, product: Product) -> float:
    """The product's coverage of the request (0 when it teaches none of its skills)."""
    ranked = rank_products(demand_of_request(request), limit=1, among={product.pk})
    return ranked[0].score if ranked else 0.0


def offers_visible(*, viewer) -> QuerySet[Offer]:
    """Offers an operator, the employer's staff, or the offering owner's staff may read (the
    owner's once the employer is admitted)."""
    offers = Offer.objects.select_related(
        "request__organization", "product", "organization", "offering"
    )
    if not viewer.is_authenticated:
        return offers.none()
    if viewer.is_operator:
        return offers
    mine = organization_ids_of(user=viewer)
    # An applicant's asks wait for its admission: the owner sees them (and is mailed) then.
    released = Q(request__organization__status=Organization.Status.ADMITTED)
    return offers.filter(Q(request__organization__in=mine) | (Q(organization__in=mine) & released))


def offer_list(*, viewer, status: str = "", request_id: int | None = None) -> QuerySet[Offer]:
    """The offers the viewer reads, of a status and of a request when given."""
    offers = offers_visible(viewer=viewer)
    if status:
        offers = offers.filter(status=status)
    if request_id is not None:
        offers = offers.filter(request_id=request_id)
    return offers


def access_offer(*, user, offer_id: int) -> Offer:
    """An offer the user reads (404 otherwise); the services check who may act on it."""
    return get_object_or_404(offers_visible(viewer=user), pk=offer_id)


def products_offered(*, request: DemandRequest) -> set[int]:
    """The products asked for or offered on the request and not declined or not taken (they
    cannot be asked for again)."""
    return set(
        Offer.objects.filter(request=request)
        .exclude(status__in=AGAIN)
        .values_list("product_id", flat=True)
    )


def runs_to_offer(*, product: Product) -> QuerySet[Offering]:
    """The product's runs that have not ended (an owner may offer one of them)."""
    return Offering.objects.filter(product=product, ends_on__gte=timezone.localdate())


def editable_products(*, user) -> QuerySet[Product]:
    """Published products the user may offer: of the organizations where they edit (all of
    them for operators)."""
    products = Product.objects.filter(status=Product.Status.PUBLISHED)
    if not user.is_authenticated:
        return products.none()
    if user.is_operator:
        return products
    editing = organization_ids_editable(user=user)
    return products.filter(ownerships__organization__in=editing).distinct()


def covered_requests(*, user, limit: int = 50) -> list[dict]:
    """Requests not closed that the products the user may offer cover, best covered first:
    each with its best product of theirs and the coverage. Scored at the skill level for all
    requests at once (`demand_scores`)."""
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
    ranked = sorted(
        ((score, r, p) for r, (score, p) in best.items()), key=lambda item: (-item[0], -item[1])
    )[:limit]
    found = DemandRequest.objects.select_related("organization").in_bulk([b[1] for b in ranked])
    named = Product.objects.in_bulk([b[2] for b in ranked])
    return [{"request": found[r], "product": named[p], "score": score} for score, r, p in ranked]
