"""The quality index of a product in a cycle, computed from its inputs and kept with them:

    QI = 100 × Σ wₖ·Sₖ / Σ wₖ   over the components present
    S_expert   = (mean of the reviews' weighted criterion scores − 1) / 4
    S_learner  = (B − 1) / 4,  B = (n·r̄ + m·C) / (n + m)   (C: the cluster's mean rating)
    S_employer likewise

The learners' component counts from LEARNERS_MIN answers (fewer are not shown at all), the
employers' from one; there is no index before an expert review or LEARNERS_MIN learners'
ratings. Means and components are rounded to three decimals before they are used, so the
formula shown with its numbers is exact arithmetic."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.utils import timezone

from edcluster.quality.models import (
    EmployerFeedback,
    LearnerAnswer,
    QualityIndex,
    RatingTotals,
    Review,
)

LEARNERS_MIN = 5
THREE = Decimal("0.001")
COMPONENTS = ("expert", "learner", "employer")
STORED = ["value", *COMPONENTS, "inputs", "computed_at"]


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


def mean_of(total, count: int) -> Decimal:
    return (Decimal(total) / count).quantize(THREE, ROUND_HALF_UP) if count else Decimal(0)


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
    return mean_of(sum(scores, Decimal(0)), len(scores))


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


def _totals_returning(cycle: int, kind: str, value: Decimal) -> tuple | None:
    """One rating more in the cycle's totals, and the totals after it, in one statement
    (UPDATE … RETURNING, on SQLite and PostgreSQL alike); None when the cycle has no row."""
    table = connection.ops.quote_name(RatingTotals._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {kind}_count = {kind}_count + 1, {kind}_sum = {kind}_sum + %s "
            "WHERE cycle = %s "
            "RETURNING learner_count, learner_sum, employer_count, employer_sum",
            [value, cycle],
        )
        return cursor.fetchone()


def totals_add(
    *, cycle: int, learner: Decimal | None = None, employer: Decimal | None = None
) -> tuple[Decimal, Decimal]:
    """Count one more learner's or employer's rating in the cluster's totals of the cycle;
    returns the cluster's means after it (as cluster_means would read them)."""
    kind, value = ("learner", learner) if learner is not None else ("employer", employer)
    assert value is not None
    row = _totals_returning(cycle, kind, value)
    if row is None:
        RatingTotals.objects.get_or_create(cycle=cycle)  # the cycle's first rating
        row = _totals_returning(cycle, kind, value)
    assert row is not None
    learner_count, learner_sum, employer_count, employer_sum = row
    return (
        mean_of(Decimal(str(learner_sum)), learner_count),
        mean_of(Decimal(str(employer_sum)), employer_count),
    )


def cluster_means(cycle: int) -> tuple[Decimal, Decimal]:
    """The cluster's mean learners' and employers' rating in the cycle (C)."""
    totals = RatingTotals.objects.filter(cycle=cycle).first()
    if totals is None:
        return Decimal(0), Decimal(0)
    return (
        mean_of(totals.learner_sum, totals.learner_count),
        mean_of(totals.employer_sum, totals.employer_count),
    )


def _ratings(found: tuple[int, Decimal] | None, cluster: Decimal) -> Ratings | None:
    if not found or not found[0]:
        return None
    return Ratings(found[0], mean_of(found[1], found[0]), cluster, prior_weight())


def _stored(inputs: dict) -> dict:
    """The inputs as JSON (decimals as strings), with the weights used."""

    def ratings(found: Ratings | None) -> dict | None:
        if found is None:
            return None
        values = (found.mean, found.cluster, found.shrunk)
        mean, cluster, shrunk = (str(value) for value in values)
        return {"n": found.n, "mean": mean, "cluster": cluster, "m": found.m, "shrunk": shrunk}

    return {
        "weights": {name: str(value) for name, value in weights().items()},
        "expert_scores": [str(score) for score in inputs["expert_scores"]],
        "learners": ratings(inputs["learners"]),
        "employers": ratings(inputs["employers"]),
    }


def _index(product_id: int, cycle: int, inputs: dict) -> QualityIndex:
    value, parts = index_compute(**inputs)
    return QualityIndex(
        product_id=product_id,
        cycle=cycle,
        value=value,
        **parts,
        inputs=_stored(inputs),
        computed_at=timezone.now(),
    )


def _product_inputs(product_id: int, cycle: int) -> tuple[list[Decimal], tuple, tuple]:
    """The product's reviews' weighted scores, and its learners' and employers' count and sum
    of ratings in the cycle, in one query (a union of three reads of covering indexes)."""
    mine = {"product_id": product_id, "cycle": cycle}

    def rated(model, kind: int):
        return (
            model.objects.filter(**mine)
            .order_by()
            .values("cycle")
            .annotate(kind=Value(kind), n=Count("rating"), total=Sum("rating"))
            .values_list("kind", "n", "total")
        )

    reviews = (
        Review.objects.filter(assignment__product_id=product_id, assignment__cycle=cycle)
        .order_by()
        .annotate(kind=Value(0), n=F("pk"), total=F("weighted_score"))
        .values_list("kind", "n", "total")
    )
    scores: list[tuple[int, Decimal]] = []  # (review's key, score): in the order given
    found = {1: (0, Decimal(0)), 2: (0, Decimal(0))}
    for kind, n, total in rated(LearnerAnswer, 1).union(
        rated(EmployerFeedback, 2), reviews, all=True
    ):
        if kind == 0:
            scores.append((n, Decimal(str(total)).quantize(THREE)))
        else:
            found[kind] = (n, Decimal(str(total or 0)))
    return [score for _pk, score in sorted(scores)], found[1], found[2]


def index_recompute(
    *, product_id: int, cycle: int, means: tuple[Decimal, Decimal] | None = None
) -> QualityIndex:
    """Compute the product's index of the cycle from what is stored now, and keep it (in one
    upsert: the caller's transaction, when there is one, holds it with the input's change).
    `means`: the cluster's means when the caller has just read them (totals_add)."""
    learner_mean, employer_mean = means if means is not None else cluster_means(cycle)
    scores, learners, employers = _product_inputs(product_id, cycle)
    inputs = {
        "expert_scores": scores,
        "learners": _ratings(learners, learner_mean),
        "employers": _ratings(employers, employer_mean),
    }
    index = _index(product_id, cycle, inputs)
    QualityIndex.objects.bulk_create(
        [index],
        update_conflicts=True,
        unique_fields=["product", "cycle"],
        update_fields=STORED,
    )
    return index  # as stored (its key is not read back)


def _grouped(model, cycle: int) -> dict[int, tuple[int, Decimal]]:
    rows = (
        model.objects.filter(cycle=cycle)
        .values("product_id")
        .annotate(n=Count("rating"), total=Sum("rating"))
        .values_list("product_id", "n", "total")
    )
    return {product_id: (n, Decimal(total)) for product_id, n, total in rows}


def _totals_rebuild(cycle: int, learners: dict, employers: dict) -> tuple[Decimal, Decimal]:
    """The cluster's totals summed again from the answers (and kept)."""
    values = {
        "learner_count": sum(n for n, _total in learners.values()),
        "learner_sum": sum((total for _n, total in learners.values()), Decimal(0)),
        "employer_count": sum(n for n, _total in employers.values()),
        "employer_sum": sum((total for _n, total in employers.values()), Decimal(0)),
    }
    RatingTotals.objects.update_or_create(cycle=cycle, defaults=values)
    return (
        mean_of(values["learner_sum"], values["learner_count"]),
        mean_of(values["employer_sum"], values["employer_count"]),
    )


@transaction.atomic
def indices_recompute(*, cycle: int) -> int:
    """Every product with inputs in the cycle, recomputed at once from grouped sums (the
    cluster's means moved with every answer); returns how many."""
    learners, employers = _grouped(LearnerAnswer, cycle), _grouped(EmployerFeedback, cycle)
    learner_mean, employer_mean = _totals_rebuild(cycle, learners, employers)
    scores: dict[int, list[Decimal]] = defaultdict(list)
    reviews = Review.objects.filter(assignment__cycle=cycle).order_by("pk")
    for product_id, score in reviews.values_list("assignment__product_id", "weighted_score"):
        scores[product_id].append(score)
    product_ids = sorted(set(scores) | set(learners) | set(employers))
    indices = [
        _index(
            product_id,
            cycle,
            {
                "expert_scores": scores.get(product_id, []),
                "learners": _ratings(learners.get(product_id), learner_mean),
                "employers": _ratings(employers.get(product_id), employer_mean),
            },
        )
        for product_id in product_ids
    ]
    QualityIndex.objects.bulk_create(
        indices,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["product", "cycle"],
        update_fields=STORED,
    )
    return len(indices)
