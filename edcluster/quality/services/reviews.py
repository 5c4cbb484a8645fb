"""Expert reviews: operators assign (refused on a conflict of interest, two per product and
cycle, a third when the two differ by 2 points on a criterion), experts submit once."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.catalog.models import Product
from edcluster.core.services import audit_record
from edcluster.quality import selectors
from edcluster.quality.models import Review, ReviewAssignment, ReviewScore
from edcluster.quality.services.errors import QualityConflict
from edcluster.quality.services.index import index_recompute


def _third_needed(*, product: Product, cycle: int, taken: list[ReviewAssignment]) -> bool:
    """Whether one more assignment is allowed: fewer than two regular ones, or a divergence
    with no third yet. Raises naming why not."""
    regular = [assignment for assignment in taken if not assignment.is_third]
    if len(regular) < 2:
        return False
    if any(assignment.is_third for assignment in taken):
        raise ValidationError({"product": _("This product has its third review for the cycle.")})
    if not selectors.divergent_criteria(product_id=product.pk, cycle=cycle):
        raise ValidationError(
            {
                "product": _(
                    "Two experts review a product in a cycle; a third only when their scores "
                    "differ by 2 points or more on a criterion."
                )
            }
        )
    return True


@transaction.atomic
def assignment_create(
    *, product: Product, expert: User, cycle: int, due_on: date, actor
) -> ReviewAssignment:
    """Ask an expert to review a product in a cycle."""
    if not expert.is_expert or not expert.is_active:
        raise ValidationError({"expert": _("This person is not an appointed expert.")})
    reason = selectors.conflict_reason(expert=expert, product=product)
    if reason:
        raise ValidationError(
            {"expert": _("Conflict of interest: %(reason)s") % {"reason": reason}}
        )
    Product.objects.select_for_update().filter(pk=product.pk).first()  # one assigner at a time
    taken = list(ReviewAssignment.objects.filter(product=product, cycle=cycle))
    if any(assignment.expert_id == expert.pk for assignment in taken):
        raise ValidationError(
            {"expert": _("This expert reviews this product in the cycle already.")}
        )
    is_third = _third_needed(product=product, cycle=cycle, taken=taken)
    assignment = ReviewAssignment.objects.create(
        product=product,
        expert=expert,
        cycle=cycle,
        due_on=due_on,
        is_third=is_third,
        assigned_by=actor,
    )
    audit_record(
        actor=actor,
        verb="quality.assigned",
        target=assignment,
        data={"expert": expert.pk, "third": is_third},
    )
    return assignment


def _scores(criteria, given: dict[str, dict]) -> list[tuple]:
    rows = []
    for criterion in criteria:
        found = given.get(criterion.code) or {}
        score = found.get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise ValidationError({f"score_{criterion.code}": _("Give a whole score from 1 to 5.")})
        rows.append((criterion, score, str(found.get("comment") or "").strip()[:5000]))
    unknown = set(given) - {criterion.code for criterion in criteria}
    if unknown:
        raise ValidationError(
            {"scores": _("Unknown criterion: %(code)s.") % {"code": min(unknown)}}
        )
    return rows


@transaction.atomic
def review_submit(
    *,
    assignment: ReviewAssignment,
    actor,
    scores: dict[str, dict],
    recommendation: str,
    comment: str = "",
    no_conflict: bool,
) -> Review:
    """The expert's review, whole and final: a score 1–5 and comment on each criterion of the
    current scoresheet; the product's index is recomputed."""
    locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status == ReviewAssignment.Status.SUBMITTED:
        raise QualityConflict(_("This review was submitted; it does not change."))
    if not no_conflict:
        raise ValidationError(
            {"no_conflict": _("Declare that you have no conflict of interest with this product.")}
        )
    if recommendation not in Review.Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    criteria_set = selectors.criteria_current()
    if criteria_set is None:
        raise QualityConflict(_("There is no scoresheet yet."))
    rows = _scores(list(criteria_set.criteria.all()), scores)
    weight = sum(criterion.weight for criterion, _score, _comment in rows)
    weighted = sum(criterion.weight * score for criterion, score, _comment in rows) / weight
    review = Review.objects.create(
        assignment=locked,
        criteria_set=criteria_set,
        recommendation=recommendation,
        comment=comment.strip(),
        no_conflict=True,
        weighted_score=Decimal(weighted).quantize(Decimal("0.001"), ROUND_HALF_UP),
        submitted_at=timezone.now(),
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=criterion, score=score, comment=text)
        for criterion, score, text in rows
    )
    locked.status = ReviewAssignment.Status.SUBMITTED
    locked.save(update_fields=["status"])
    audit_record(actor=actor, verb="quality.review_submitted", target=review)
    index_recompute(product_id=locked.product_id, cycle=locked.cycle)
    return review
