"""Who sees and does what in quality, and its reads.

Operators edit the scoresheet, assign experts and read everything. An expert reads their own
assignments and reviews, and the other reviews of the same product and cycle only once two are
in (blind review). A product's owners' editors make feedback links for its runs; the owners'
staff read the learners' answers of a run from LEARNERS_MIN answers on, never who gave which.
An employer's staff rate an offer their organization accepted. A product's index, with its
formula and numbers, is read by whoever may see the product."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership, User
from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.catalog.models import Offering, Product, ProductOwner
from edcluster.catalog.selectors import can_edit_product, product_visible
from edcluster.core import lookups
from edcluster.matching.models import Offer
from edcluster.matching.selectors.offers import access_offer
from edcluster.organizations.models import Organization
from edcluster.quality.models import (
    QUESTIONS,
    CriteriaSet,
    Criterion,
    EmployerFeedback,
    FeedbackLink,
    LearnerAnswer,
    QualityIndex,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from edcluster.sales import selectors as sales_selectors
from edcluster.sales.models import Order

LEARNERS_MIN = 5
DIVERGENCE = 2  # points apart on a criterion that ask for a third review


def is_quality_operator(*, user) -> bool:
    return bool(user.is_authenticated and user.is_operator)


def require_operator(*, user) -> None:
    """Operators only (403 for anyone else signed in)."""
    if not is_quality_operator(user=user):
        raise PermissionDenied


def criteria_current() -> CriteriaSet | None:
    """The newest version of the scoresheet, with its criteria."""
    return CriteriaSet.objects.prefetch_related("criteria").order_by("-version").first()


def experts() -> QuerySet[User]:
    """The users appointed as experts."""
    return User.objects.filter(is_expert=True, is_active=True).order_by("last_name", "email")


PRODUCT_CHOICES = 50  # products the assignment form lists at once; a search narrows them


def products_to_assign(*, query: str = "") -> QuerySet[Product]:
    """Products an operator may assign, those whose title or short address has the words of
    the query (all of them), published ones first, then by title: PRODUCT_CHOICES of them."""
    products = Product.objects.exclude(status=Product.Status.ARCHIVED)
    for word in query.split()[:5]:
        products = products.filter(
            Q(title_ru__icontains=word) | Q(title_en__icontains=word) | Q(slug__icontains=word)
        )
    published = Q(status=Product.Status.PUBLISHED)
    return products.annotate(first=Case(When(published, then=Value(0)), default=Value(1))).order_by(
        "first", "title_ru", "title_en", "pk"
    )[:PRODUCT_CHOICES]


def conflict_reason(*, expert: User, product: Product) -> str | None:
    """Why the expert may not review the product, or None: they are staff of one of its
    owners, or of an organization that develops it with others in a project (asked of the
    apps that know projects through core.lookups: quality may not import them)."""
    name = expert.get_full_name() or expert.email
    mine = Membership.objects.filter(user=expert).select_related("organization")
    memberships = {membership.organization_id: membership.organization for membership in mine}
    if not memberships:
        return None
    owners = ProductOwner.objects.filter(product=product, organization__in=list(memberships))
    owner = owners.order_by("pk").values_list("organization_id", flat=True).first()
    if owner is not None:
        return _("%(expert)s works at %(organization)s, an owner of this product.") % {
            "expert": name,
            "organization": memberships[owner],
        }
    for organization_id, project in lookups.ask(lookups.PRODUCT_MAKERS, product_id=product.pk):
        if organization_id in memberships:
            return _(
                "%(expert)s works at %(organization)s, which develops this product in the "
                "project «%(project)s»."
            ) % {"expert": name, "organization": memberships[organization_id], "project": project}
    return None


def first_reviews(*, product_id: int, cycle: int) -> list[Review]:
    """The two regular reviews of the product in the cycle, when both are in (else fewer)."""
    return list(
        Review.objects.filter(
            assignment__product_id=product_id, assignment__cycle=cycle, assignment__is_third=False
        )
        .prefetch_related("scores__criterion")
        .order_by("submitted_at")[:2]
    )


def divergent_criteria(*, product_id: int, cycle: int) -> list[str]:
    """The criteria on which the two regular reviews differ by DIVERGENCE points or more."""
    reviews = first_reviews(product_id=product_id, cycle=cycle)
    if len(reviews) < 2:
        return []
    first = {score.criterion.code: score.score for score in reviews[0].scores.all()}
    second = {score.criterion.code: score.score for score in reviews[1].scores.all()}
    return [
        code
        for code in Criterion.Code.values
        if code in first and code in second and abs(first[code] - second[code]) >= DIVERGENCE
    ]


def third_review_wanted(*, cycle: int) -> list[Product]:
    """Products whose two regular reviews of the cycle differ by DIVERGENCE points or more on a
    criterion and that have no third assignment yet: the operators' queue (one query)."""
    scores = ReviewScore.objects.filter(
        review__assignment__cycle=cycle, review__assignment__is_third=False
    ).values_list("review__assignment__product_id", "review_id", "criterion__code", "score")
    by_product: dict[int, dict[int, dict[str, int]]] = {}
    for product_id, review_id, code, score in scores:
        by_product.setdefault(product_id, {}).setdefault(review_id, {})[code] = score
    thirds = set(
        ReviewAssignment.objects.filter(cycle=cycle, is_third=True).values_list(
            "product_id", flat=True
        )
    )
    wanted = [
        product_id
        for product_id, reviews in by_product.items()
        if len(reviews) == 2 and product_id not in thirds and _apart(*reviews.values())
    ]
    return list(Product.objects.filter(pk__in=wanted).order_by("slug"))


def _apart(first: dict[str, int], second: dict[str, int]) -> bool:
    return any(abs(first[code] - second[code]) >= DIVERGENCE for code in first if code in second)


def assignments_visible(*, viewer) -> QuerySet[ReviewAssignment]:
    """Every assignment for operators, an expert's own for them, none for anyone else."""
    assignments = ReviewAssignment.objects.select_related("product", "expert").order_by(
        "status", "due_on", "pk"
    )
    if not viewer.is_authenticated:
        return assignments.none()
    if viewer.is_operator:
        return assignments
    return assignments.filter(expert_id=viewer.pk)


def access_assignment(*, user, assignment_id: int, for_review: bool = False) -> ReviewAssignment:
    """An assignment the user reads (404 otherwise); to review it, the user's own (403)."""
    assignment = get_object_or_404(assignments_visible(viewer=user), pk=assignment_id)
    if for_review and assignment.expert_id != user.pk:
        raise PermissionDenied
    return assignment


def reviews_visible(*, viewer) -> QuerySet[Review]:
    """Operators read every review; an expert their own, and the others of a product and cycle
    once their own is in and so are the two regular ones (before that neither of the two sees
    the other, and a third expert judges on their own too)."""
    reviews = Review.objects.select_related(
        "assignment__product", "assignment__expert", "criteria_set"
    ).prefetch_related("scores__criterion")
    if not viewer.is_authenticated:
        return reviews.none()
    if viewer.is_operator:
        return reviews
    opened = Q(assignment__expert_id=viewer.pk)
    mine = ReviewAssignment.objects.filter(
        expert_id=viewer.pk, status=ReviewAssignment.Status.SUBMITTED
    ).values_list("product_id", "cycle")
    for product_id, cycle in set(mine):
        if len(first_reviews(product_id=product_id, cycle=cycle)) == 2:
            opened |= Q(assignment__product_id=product_id, assignment__cycle=cycle)
    return reviews.filter(opened)


def relevance_evidence(*, product: Product) -> dict:
    """The demand the product meets, from matching: the reviewer's evidence of relevance."""
    from edcluster.matching.selectors.reach import product_demand

    return product_demand(product)


def offerings_visible(*, viewer) -> QuerySet[Offering]:
    """Runs of the products whose owners' staff the viewer is (all for operators)."""
    runs = Offering.objects.select_related("product")
    if not viewer.is_authenticated:
        return runs.none()
    if viewer.is_operator:
        return runs
    owned = ProductOwner.objects.filter(organization__in=organization_ids_of(user=viewer))
    return runs.filter(product__in=owned.values("product_id"))


def access_offering(*, user, offering_id: int, for_write: bool = False) -> Offering:
    """A run whose feedback the user reads (its owners' staff, operators: 404 otherwise); to
    make links, its owners' editors (403)."""
    offering = get_object_or_404(offerings_visible(viewer=user), pk=offering_id)
    if for_write and not can_edit_product(user=user, product=offering.product):
        raise PermissionDenied
    return offering


def link_list(*, offering: Offering) -> QuerySet[FeedbackLink]:
    return FeedbackLink.objects.filter(offering=offering)


def access_link(*, token: str, for_answer: bool = False) -> FeedbackLink:
    """The link with this token (404 for none); used links are refused by the service (410).
    For an answer only the keys are read (its run and product), not the product's text."""
    links = FeedbackLink.objects.filter(token=token)
    if for_answer:
        links = links.select_related("offering").only(
            "pk", "token", "used_at", "offering_id", "offering__product_id"
        )
    else:
        links = links.select_related("offering__product")
    link = links.first()
    if link is None:
        raise Http404
    return link


def feedback_results(*, offering: Offering) -> dict:
    """The learners' answers of a run: their count always, the means and comments from
    LEARNERS_MIN answers on (fewer could name who said what)."""
    answers = LearnerAnswer.objects.filter(offering=offering)
    count = answers.count()
    if count < LEARNERS_MIN:
        return {"count": count, "shown": False, "minimum": LEARNERS_MIN}
    means = answers.aggregate(**{name: Avg(name) for name in QUESTIONS}, rating=Avg("rating"))
    comments = list(answers.exclude(comment="").order_by("?").values_list("comment", flat=True))
    return {
        "count": count,
        "shown": True,
        "minimum": LEARNERS_MIN,
        "means": {name: round(float(means[name]), 2) for name in QUESTIONS},
        "rating": round(float(means["rating"]), 2),
        "comments": comments,
    }


def access_offer_for_feedback(*, user, offer_id: int) -> Offer:
    """An offer the user reads (404 otherwise) whose employer's staff they are (403)."""
    offer = access_offer(user=user, offer_id=offer_id)
    editable = organization_ids_editable(user=user, roles=tuple(Membership.Role.values))
    if not editable.filter(organization_id=offer.request.organization_id).exists():
        raise PermissionDenied
    return offer


def employer_feedback_of(*, offer: Offer) -> EmployerFeedback | None:
    return EmployerFeedback.objects.filter(offer=offer).first()


def offers_to_rate(*, user) -> QuerySet[Offer]:
    """Accepted offers of the user's organizations as employers, not rated yet."""
    rated = EmployerFeedback.objects.filter(offer__isnull=False).values("offer_id")
    return (
        Offer.objects.filter(
            status=Offer.Status.ACCEPTED,
            request__organization__in=organization_ids_of(user=user),
        )
        .exclude(pk__in=rated)
        .select_related("product", "request")
    )


def access_order_for_feedback(*, user, order_id: int) -> Order:
    """An order the user reads (404 otherwise) whose buyer's staff they are (403)."""
    order = sales_selectors.access_order(user=user, order_id=order_id)
    if not sales_selectors.is_order_buyer(user=user, order=order):
        raise PermissionDenied
    return order


def order_feedback_of(*, order: Order) -> EmployerFeedback | None:
    """The buyer's feedback on the order (its first product's row: the rating and comment are
    the same on each)."""
    return EmployerFeedback.objects.filter(order=order).order_by("pk").first()


def may_rate_order(*, user, order: Order) -> bool:
    """The user is on the buyer's staff of a delivered order not rated yet."""
    return (
        sales_selectors.order_done(order)
        and sales_selectors.is_order_buyer(user=user, order=order)
        and not EmployerFeedback.objects.filter(order=order).exists()
    )


def orders_to_rate(*, user) -> QuerySet[Order]:
    """Delivered orders the user's organizations bought, not rated yet."""
    rated = EmployerFeedback.objects.filter(order__isnull=False).values("order_id")
    return sales_selectors.orders_done_bought_by(user=user).exclude(pk__in=rated)


def product_index(*, product: Product) -> QualityIndex | None:
    """The product's index of its latest cycle."""
    return QualityIndex.objects.filter(product=product).order_by("-cycle").first()


def latest_index_value() -> Subquery:
    """A product's index of its latest cycle (None there: not enough data), for a queryset of
    products (`.annotate(quality_index=latest_index_value())`); one indexed probe each."""
    latest = QualityIndex.objects.filter(product=OuterRef("pk")).order_by("-cycle")
    return Subquery(latest.values("value")[:1])


def latest_index_values(*, product_ids: list[int]) -> dict[int, Decimal]:
    """The index of each product's latest cycle, for those that have one (one query)."""
    rows = (
        QualityIndex.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "-cycle")
        .values_list("product_id", "value")
    )
    found: dict[int, Decimal | None] = {}
    for product_id, value in rows:
        found.setdefault(product_id, value)
    return {product_id: value for product_id, value in found.items() if value is not None}


def index_history(*, product: Product) -> QuerySet[QualityIndex]:
    return QualityIndex.objects.filter(product=product).order_by("-cycle")


def index_ranking(*, cycle: int) -> QuerySet[QualityIndex]:
    """The cycle's indices, best first, those without enough data last."""
    return (
        QualityIndex.objects.filter(cycle=cycle)
        .select_related("product")
        .prefetch_related(
            Prefetch("product__ownerships", ProductOwner.objects.select_related("organization"))
        )
        .order_by(F("value").desc(nulls_last=True), "product__slug")
    )


def _weighted_mean(rows: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The mean of (value, learners) rows weighted by learners; equal weights where no run has
    enrolled learners."""
    if not rows:
        return None
    total = sum(weight for _value, weight in rows)
    if not total:
        rows = [(value, Decimal(1)) for value, _weight in rows]
        total = Decimal(len(rows))
    mean = sum((value * weight for value, weight in rows), Decimal(0)) / total
    return mean.quantize(Decimal("0.1"))


def member_indices(*, cycle: int, organization_id: int | None = None) -> list[dict]:
    """Every member with an indexed product in the cycle (or the one asked) and its index: the
    mean of its products' indices weighted by their learners (runs' enrolled), in four
    queries whatever the number of members."""
    indices = dict(
        QualityIndex.objects.filter(cycle=cycle, value__isnull=False).values_list(
            "product_id", "value"
        )
    )
    owners = ProductOwner.objects.filter(product__in=list(indices)).select_related("organization")
    if organization_id is not None:
        owners = owners.filter(organization_id=organization_id)
    learners = dict(
        Offering.objects.filter(product__in=list(indices))
        .values("product_id")
        .annotate(n=Sum("enrolled"))
        .values_list("product_id", "n")
    )
    members: dict[int, tuple[Organization, list]] = {}
    for owner in owners:
        _organization, rows = members.setdefault(owner.organization_id, (owner.organization, []))
        rows.append((indices[owner.product_id], Decimal(learners.get(owner.product_id) or 0)))
    found = [
        {"organization": organization, "value": _weighted_mean(rows)}
        for organization, rows in members.values()
    ]
    return sorted(found, key=lambda row: (-(row["value"] or 0), str(row["organization"])))


def member_index(*, organization_id: int, cycle: int) -> Decimal | None:
    """A member's index (see member_indices), None before any of its products has one."""
    found = member_indices(cycle=cycle, organization_id=organization_id)
    return found[0]["value"] if found else None


def product_for_index(*, user, slug: str) -> Product:
    """A product the user may see (404 otherwise)."""
    return get_object_or_404(product_visible(viewer=user), slug=slug)
