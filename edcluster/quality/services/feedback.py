"""Learners' and employers' feedback: one-time links an owner hands out (one answer each, kept
apart from the link so the owner cannot tell who said what) and one rating per accepted offer
or per delivered order by the employer's staff. Each answer recomputes the product's index."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.models import Offering
from edcluster.core.services import audit_record
from edcluster.matching.models import Offer
from edcluster.quality.models import QUESTIONS, EmployerFeedback, FeedbackLink, LearnerAnswer
from edcluster.quality.services.errors import LinkUsed, QualityConflict
from edcluster.quality.services.index import index_recompute, totals_add
from edcluster.sales import selectors as sales_selectors
from edcluster.sales.models import Order

LINKS_MAX = 500


@transaction.atomic
def links_create(*, offering: Offering, actor, count: int) -> list[FeedbackLink]:
    """`count` new one-time links for the run's learners."""
    if not 1 <= count <= LINKS_MAX:
        raise ValidationError({"count": _("Make from 1 to %(most)s links.") % {"most": LINKS_MAX}})
    links = FeedbackLink.objects.bulk_create(
        FeedbackLink(offering=offering, token=secrets.token_urlsafe(24), created_by=actor)
        for _index in range(count)
    )
    audit_record(actor=actor, verb="quality.links_created", target=offering, data={"count": count})
    return links


def _score(answers: dict, name: str) -> int:
    value = answers.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValidationError({name: _("Give a whole score from 1 to 5.")})
    return value


@transaction.atomic
def answer_give(*, link: FeedbackLink, answers: dict, comment: str = "") -> LearnerAnswer:
    """The learner's answer through the link: once (410 after)."""
    scores = {name: _score(answers, name) for name in QUESTIONS}
    rating = (Decimal(sum(scores.values())) / len(scores)).quantize(Decimal("0.001"), ROUND_HALF_UP)
    now = timezone.now()
    # Claimed in one statement: of two answers at once, the second finds it used.
    if not FeedbackLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        raise LinkUsed(_("This link has been used; each gives one answer."))
    answer = LearnerAnswer.objects.create(
        offering_id=link.offering_id,
        product_id=link.offering.product_id,
        comment=comment.strip()[:5000],
        rating=rating,
        cycle=timezone.localdate(now).year,
        **scores,
    )
    means = totals_add(cycle=answer.cycle, learner=rating)
    index_recompute(product_id=answer.product_id, cycle=answer.cycle, means=means)
    return answer


@transaction.atomic
def employer_feedback_give(
    *, offer: Offer, actor, rating: int, comment: str = ""
) -> EmployerFeedback:
    """The employer's rating of training it accepted: once per offer (409 after)."""
    if offer.status != Offer.Status.ACCEPTED:
        raise QualityConflict(_("Only an accepted offer is rated."))
    if EmployerFeedback.objects.select_for_update().filter(offer=offer).exists():
        raise QualityConflict(_("Your organization rated this offer already."))
    if EmployerFeedback.objects.filter(order__origin_offer=offer).exists():
        raise QualityConflict(_("Your organization rated the order made from this offer."))
    score = _score({"rating": rating}, "rating")
    feedback = EmployerFeedback.objects.create(
        offer=offer,
        product_id=offer.product_id,
        rating=score,
        comment=comment.strip()[:5000],
        author=actor,
        cycle=timezone.localdate().year,
    )
    audit_record(actor=actor, verb="quality.employer_feedback", target=feedback)
    means = totals_add(cycle=feedback.cycle, employer=Decimal(score))
    index_recompute(product_id=feedback.product_id, cycle=feedback.cycle, means=means)
    return feedback


@transaction.atomic
def order_feedback_give(
    *, order: Order, actor, rating: int, comment: str = ""
) -> list[EmployerFeedback]:
    """The buyer's rating of the training of a delivered (paid, closed) order: once per order
    (409 after), recorded for each of its products; refused when the offer it came from was
    rated already (the same training counted twice)."""
    score = _score({"rating": rating}, "rating")
    if not sales_selectors.order_done(order):
        raise QualityConflict(_("An order is rated once its training is delivered."))
    if EmployerFeedback.objects.filter(order=order).exists():
        raise QualityConflict(_("Your organization rated this order already."))
    if (
        order.origin_offer_id
        and EmployerFeedback.objects.filter(offer=order.origin_offer_id).exists()
    ):
        raise QualityConflict(_("Your organization rated the offer this order came from."))
    product_ids = sales_selectors.order_product_ids(order)
    if not product_ids:
        raise QualityConflict(_("This order has no lines to rate."))
    cycle = timezone.localdate().year
    rows = [
        EmployerFeedback(
            order=order,
            product_id=product_id,
            rating=score,
            comment=comment.strip()[:5000],
            author=actor,
            cycle=cycle,
        )
        for product_id in product_ids
    ]
    try:
        with transaction.atomic():  # of two at once, the second meets the unique constraint
            EmployerFeedback.objects.bulk_create(rows)
    except IntegrityError:
        raise QualityConflict(_("Your organization rated this order already.")) from None
    audit_record(actor=actor, verb="quality.order_feedback", target=order, data={"rating": score})
    for _row in rows:  # each product's row counts once in the cluster's mean, as reindexed
        means = totals_add(cycle=cycle, employer=Decimal(score))
    for product_id in product_ids:
        index_recompute(product_id=product_id, cycle=cycle, means=means)
    return list(EmployerFeedback.objects.filter(order=order).select_related("product"))
