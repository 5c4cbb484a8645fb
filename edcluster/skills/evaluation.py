"""`skills_eval`: ranking quality on the skill-extraction benchmarks of Decorte et al.

The CSV has the columns sentence,span,sub_span,label (TECH, HOUSE) or sentence,label (TECHWOLF),
one row per labelled span; the gold labels of a sentence are the ESCO preferred labels on its
rows, except "LABEL NOT PRESENT" and "UNDERSPECIFIED"; sentences without any are not queries.
For each query every skill is ranked; RP@K is the mean of (gold skills in the top K) ÷ min(K,
number of gold skills), MRR the mean of 1 / rank of the first gold skill.

`cross_validate` reports the same figures cross-validated: the queries are dealt into k folds
(a fixed shuffle), and each fold is ranked with the weights that did best (RP@5, then MRR) on
the other folds, from a small grid; the figures are the folds' means.
"""

import csv
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from edcluster.core.text import fold_spaces

IGNORED = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


@dataclass
class Query:
    sentence: str
    gold: list[str]


@dataclass
class Evaluation:
    rp5: float
    rp10: float
    mrr: float
    queries: int
    unresolved: int

    def line(self) -> str:
        return (
            f"RP@5={self.rp5:.2f} RP@10={self.rp10:.2f} MRR={self.mrr:.2f} "
            f"queries={self.queries} unresolved={self.unresolved}"
        )


def read_queries(path: Path) -> list[Query]:
    grouped: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as opened:
        reader = csv.DictReader(opened)
        if not reader.fieldnames or not {"sentence", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: the columns must include sentence and label")
        for row in reader:
            label = (row["label"] or "").strip()
            gold = grouped.setdefault(row["sentence"], [])
            if label and label not in IGNORED and label not in gold:
                gold.append(label)
    return [Query(sentence, gold) for sentence, gold in grouped.items() if gold]


def _gold(queries: list[Query], labels: list[str]) -> tuple[list[list[int]], int]:
    """Each query's gold skills as positions in `labels`, and how many labels name no skill."""
    position = {fold_spaces(label): index for index, label in enumerate(labels)}
    unresolved = {g for q in queries for g in q.gold if fold_spaces(g) not in position}
    gold = [
        sorted({position[fold_spaces(g)] for g in q.gold if fold_spaces(g) in position})
        for q in queries
    ]
    return gold, len(unresolved)


def measures(scores: np.ndarray, gold: list[int], size: int) -> tuple[float, float, float]:
    """RP@5, RP@10 and reciprocal rank of one query (`size` gold labels, `gold` the resolved
    ones). A skill's rank is its place in a stable sort: ties go to the lower position."""
    ranks = sorted(
        int(np.count_nonzero(scores > scores[g]) + np.count_nonzero(scores[:g] == scores[g]))
        for g in gold
    )
    return (
        sum(r < 5 for r in ranks) / min(5, size),
        sum(r < 10 for r in ranks) / min(10, size),
        1.0 / (ranks[0] + 1) if ranks else 0.0,
    )


def _summary(rows: np.ndarray, queries: int, unresolved: int) -> Evaluation:
    mean = 100 * rows.mean(axis=0) if len(rows) else np.zeros(3)
    return Evaluation(float(mean[0]), float(mean[1]), float(mean[2]), queries, unresolved)


def evaluate(
    queries: list[Query],
    *,
    labels: list[str],
    score: Callable[[list[str]], list[np.ndarray]],
    batch: int = 64,
) -> Evaluation:
    """Rank every skill (`labels`: preferred labels in score order) for every query."""
    gold, unresolved = _gold(queries, labels)
    rows = []
    for start in range(0, len(queries), batch):
        chunk = queries[start : start + batch]
        for at, scores in enumerate(score([q.sentence for q in chunk]), start):
            rows.append(measures(scores, gold[at], len(queries[at].gold)))
    return _summary(np.array(rows), len(queries), unresolved)


@dataclass
class Fold:
    evaluation: Evaluation
    chosen: dict[str, float]  # the grid's values chosen on the other folds


@dataclass
class CrossValidation:
    folds: list[Fold]
    mean: Evaluation
    everywhere: dict[str, float] = field(default_factory=dict)  # chosen on all the queries

    def lines(self) -> list[str]:
        def named(chosen: dict[str, float]) -> str:
            return " ".join(f"{k}={v:g}" for k, v in chosen.items())

        found = [
            f"fold {n}/{len(self.folds)}: {f.evaluation.line()} ({named(f.chosen)})"
            for n, f in enumerate(self.folds, 1)
        ]
        found.append(f"mean of {len(self.folds)} folds: {self.mean.line()}")
        found.append(f"chosen on all queries: {named(self.everywhere)}")
        return found


def grid_points(grid: dict[str, Sequence[float]]) -> list[dict[str, float]]:
    names = list(grid)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]


def cross_validate(
    queries: list[Query],
    *,
    labels: list[str],
    evidence: Callable[[list[str]], list[Any]],
    fuse: Callable[[Any, dict[str, float]], np.ndarray],
    grid: dict[str, Sequence[float]],
    folds: int,
    seed: int = 0,
) -> CrossValidation:
    """k-fold figures: `evidence` is computed once per sentence, `fuse` turns it into every
    skill's scores under one point of `grid`; each fold gets the point best on the others."""
    if not 2 <= folds <= len(queries):
        raise ValueError(f"folds must be between 2 and the number of queries ({len(queries)})")
    gold, unresolved = _gold(queries, labels)
    points = grid_points(grid)
    seen = evidence([q.sentence for q in queries])
    # table[p, q] = (RP@5, RP@10, RR) of query q under grid point p
    table = np.array(
        [
            [
                measures(fuse(e, point), g, len(q.gold))
                for e, g, q in zip(seen, gold, queries, strict=True)
            ]
            for point in points
        ]
    ).reshape(len(points), len(queries), 3)
    dealt = np.empty(len(queries), dtype=int)
    dealt[np.random.default_rng(seed).permutation(len(queries))] = np.arange(len(queries)) % folds
    result = []
    for fold in range(folds):
        held = dealt == fold
        best = _best(table[:, ~held])
        result.append(Fold(_summary(table[best, held], int(held.sum()), unresolved), points[best]))
    mean = np.mean([[f.evaluation.rp5, f.evaluation.rp10, f.evaluation.mrr] for f in result], 0)
    summary = Evaluation(float(mean[0]), float(mean[1]), float(mean[2]), len(queries), unresolved)
    return CrossValidation(result, summary, points[_best(table)])


def _best(table: np.ndarray) -> int:
    """The grid point with the best mean RP@5, then MRR; the first of equals (the grid is
    written from the least added weight up)."""
    means = table.mean(axis=1)
    return int(np.lexsort((-means[:, 2], -means[:, 0]))[0])


@dataclass(frozen=True)
class Cut:
    """The skills an extractor keeps at one threshold, against the gold labels."""

    threshold: float
    precision: float
    recall: float
    f1: float
    found: int

    def line(self) -> str:
        return (
            f"threshold {self.threshold:.2f}: precision {self.precision:.3f} recall "
            f"{self.recall:.3f} F1 {self.f1:.3f} found {self.found}"
        )


def threshold_cuts(
    queries: list[Query],
    *,
    labels: list[str],
    score: Callable[[list[str]], list[np.ndarray]],
    thresholds: list[float],
    top: int,
    batch: int = 64,
) -> list[Cut]:
    """Precision, recall and F1 of keeping each sentence's best `top` skills scoring at least
    each threshold, as extraction does (the threshold a language's weights should carry)."""
    gold, _unresolved = _gold(queries, labels)
    kept: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, len(queries), batch):
        chunk = queries[start : start + batch]
        for scores in score([q.sentence for q in chunk]):
            best = np.argsort(-scores, kind="stable")[:top]
            kept.append((best, scores[best]))
    cuts = []
    sizes = sum(len(q.gold) for q in queries)
    for threshold in thresholds:
        hits = found = 0
        for (best, scores), wanted in zip(kept, gold, strict=True):
            chosen = set(best[scores >= threshold].tolist())
            found += len(chosen)
            hits += len(chosen & set(wanted))
        precision = hits / found if found else 0.0
        recall = hits / sizes if sizes else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        cuts.append(Cut(threshold, precision, recall, f1, found))
    return cuts
