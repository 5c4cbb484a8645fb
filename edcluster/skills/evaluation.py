"""`skills_eval`: ranking quality on the skill-extraction benchmarks of Decorte et al.

The CSV has the columns sentence,span,sub_span,label (TECH, HOUSE) or sentence,label (TECHWOLF),
one row per labelled span; the gold labels of a sentence are the ESCO preferred labels on its
rows, except "LABEL NOT PRESENT" and "UNDERSPECIFIED"; sentences without any are not queries.
For each query every skill is ranked; RP@K is the mean of (gold skills in the top K) ÷ min(K,
number of gold skills), MRR the mean of 1 / rank of the first gold skill.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def evaluate(
    queries: list[Query],
    *,
    labels: list[str],
    score: Callable[[list[str]], list[np.ndarray]],
    batch: int = 64,
) -> Evaluation:
    """Rank every skill (`labels`: preferred labels in score order) for every query."""
    position = {fold_spaces(label): index for index, label in enumerate(labels)}
    unresolved = {g for q in queries for g in q.gold if fold_spaces(g) not in position}
    rp5 = rp10 = mrr = 0.0
    for start in range(0, len(queries), batch):
        chunk = queries[start : start + batch]
        for query, scores in zip(chunk, score([q.sentence for q in chunk]), strict=True):
            gold = {position[fold_spaces(g)] for g in query.gold if fold_spaces(g) in position}
            order = np.argsort(-scores, kind="stable")
            ranks = np.flatnonzero(np.isin(order, list(gold))) if gold else np.array([])
            size = len(query.gold)
            rp5 += int(np.sum(ranks < 5)) / min(5, size)
            rp10 += int(np.sum(ranks < 10)) / min(10, size)
            mrr += 1.0 / (ranks[0] + 1) if len(ranks) else 0.0
    count = len(queries) or 1
    return Evaluation(
        100 * rp5 / count, 100 * rp10 / count, 100 * mrr / count, len(queries), len(unresolved)
    )
