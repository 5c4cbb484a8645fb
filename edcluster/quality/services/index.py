"""The quality index of a product in a cycle, computed from its inputs and kept with them:

    QI = 100 × Σ wₖ·Sₖ / Σ wₖ   over the components present
    S_expert   = (mean of the reviews' weighted criterion scores − 1) / 4
    S_learner  = (B − 1) / 4,  B = (n·r̄ + m·C) / (n + m)   (C: the cluster's mean rating)
    S_employer likewise

The learners' component counts from LEARNERS_MIN answers (fewer are not shown at all), the
employers' from one; there is no index before an expert review or LEARNERS_MIN learners'
ratings. Components are rounded to three decimals before the sum, so the formula shown with
its numbers is exact arithmetic."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from edcluster.quality.models import EmployerFeedback, LearnerAnswer, QualityIndex, Review

LEARNERS_MIN = 5
THREE = Decimal("0.001")
COMPONENTS = ("expert", "learner", "employer")


def weights() -> dict[str, Decimal]:
    """The components' weights (settings.QUALITY_WEIGHTS, default 0.5 / 0.3 / 0.2)."""
    given = getattr(settings, "QUALITY_WEIGHTS", None) or {
        "expert": "0.5",
        "learner": "0.3",
        "employer": "0.2",
    }
    return {name: Decimal(str(given[name])) for name in COMPONENTS}


def prior_weight() -> int:
    """m, the answers' worth of the cluster's mean every product's ratings start from."""
    return int(getattr(settings, "QUALITY_PRIOR_WEIGHT", 10))


def unit(value: Decimal) -> Decimal:
    """A score on 1–5 as a share of the scale, 0–1, to three decimals."""
    return ((value - 1) / 4).quantize(THREE, ROUND_HALF_UP)


@dataclass(frozen=True)
class Ratings:
    """n ratings with mean r̄ of a product, shrunk towards the cluster's mean C by m."""

    n: int
    mean: Decimal
    cluster: Decimal
    m: int

    @property
    def shrunk(self) -> Decimal:
        return ((self.n * self.mean + self.m * self.cluster) / (self.n + self.m)).quantize(
            THREE, ROUND_HALF_UP
        )


def expert_mean(scores: list[Decimal]) -> Decimal:
    """The mean of the reviews' weighted scores, to three decimals (as shown)."""
    return (sum(scores, Decimal(0)) / len(scores)).quantize(THREE, ROUND_HALF_UP)


def index_compute(
    *, expert_scores: list[Decimal], learners: Ratings | None, employers: Ratings | None
) -> tuple[Decimal | None, dict[str, Decimal | None]]:
    """The index (None: not enough data) and its components from the numbers."""
    parts: dict[str, Decimal | None] = dict.fromkeys(COMPONENTS)
    if expert_scores:
        parts["expert"] = unit(expert_mean(expert_scores))
    if learners is not None and learners.n >= LEARNERS_MIN:
        parts["learner"] = unit(learners.shrunk)
    if employers is not None and employers.n >= 1:
        parts["employer"] = unit(employers.shrunk)
    if parts["expert"] is None and parts["learner"] is None:
        return None, parts
    weight = weights()
    present = {name: value for name, value in parts.items() if value is not None}
    total = sum((weight[name] * value for name, value in present.items()), Decimal(0))
    value = (100 * total / sum(weight[name] for name in present)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return value, parts


def _mean(rows, field: str) -> tuple[int, Decimal]:
    found = rows.aggregate(n=Count("pk"), total=Sum(field))
    return found["n"], (Decimal(found["total"]) / found["n"] if found["n"] else Decimal(0))


def cluster_means(cycle: int) -> tuple[Decimal, Decimal]:
    """The mean learners' and employers' rating of the whole cluster in the cycle."""
    learners = LearnerAnswer.objects.filter(cycle=cycle).aggregate(mean=Avg("rating"))["mean"]
    employers = EmployerFeedback.objects.filter(cycle=cycle).aggregate(mean=Avg("rating"))["mean"]
    return Decimal(str(learners or 0)), Decimal(str(employers or 0))


def _inputs(product_id: int, cycle: int, means: tuple[Decimal, Decimal]) -> dict:
    m = prior_weight()
    scores = list(
        Review.objects.filter(
            assignment__product_id=product_id, assignment__cycle=cycle
        ).values_list("weighted_score", flat=True)
    )
    n, mean = _mean(LearnerAnswer.objects.filter(product_id=product_id, cycle=cycle), "rating")
    k, employer_mean = _mean(
        EmployerFeedback.objects.filter(product_id=product_id, cycle=cycle), "rating"
    )
    return {
        "expert_scores": scores,
        "learners": Ratings(n, mean, means[0], m) if n else None,
        "employers": Ratings(k, employer_mean, means[1], m) if k else None,
    }


def _stored(inputs: dict) -> dict:
    """The inputs as JSON (decimals as strings), with the weights used."""

    def ratings(found: Ratings | None) -> dict | None:
        if found is None:
            return None
        return {
            "n": found.n,
            "mean": str(found.mean.quantize(THREE, ROUND_HALF_UP)),
            "cluster": str(found.cluster.quantize(THREE, ROUND_HALF_UP)),
            "m": found.m,
            "shrunk": str(found.shrunk),
        }

    return {
        "weights": {name: str(value) for name, value in weights().items()},
        "expert_scores": [str(score) for score in inputs["expert_scores"]],
        "learners": ratings(inputs["learners"]),
        "employers": ratings(inputs["employers"]),
    }


@transaction.atomic
def index_recompute(*, product_id: int, cycle: int, means=None) -> QualityIndex:
    """Compute the product's index of the cycle from what is stored now, and keep it."""
    inputs = _inputs(product_id, cycle, means or cluster_means(cycle))
    value, parts = index_compute(**inputs)
    index, _created = QualityIndex.objects.update_or_create(
        product_id=product_id,
        cycle=cycle,
        defaults={
            "value": value,
            **parts,
            "inputs": _stored(inputs),
            "computed_at": timezone.now(),
        },
    )
    return index


def indices_recompute(*, cycle: int) -> int:
    """Every product with inputs in the cycle, recomputed (the cluster's means moved)."""
    means = cluster_means(cycle)
    product_ids = (
        set(
            Review.objects.filter(assignment__cycle=cycle).values_list(
                "assignment__product_id", flat=True
            )
        )
        | set(LearnerAnswer.objects.filter(cycle=cycle).values_list("product_id", flat=True))
        | set(EmployerFeedback.objects.filter(cycle=cycle).values_list("product_id", flat=True))
    )
    for product_id in sorted(product_ids):
        index_recompute(product_id=product_id, cycle=cycle, means=means)
    return len(product_ids)
