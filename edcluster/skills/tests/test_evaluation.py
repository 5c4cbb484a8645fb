import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edcluster.skills.evaluation import (
    Query,
    cross_validate,
    evaluate,
    read_queries,
    threshold_cuts,
)

LABELS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]


def test_rp_and_mrr_by_hand():
    # query 1: gold {b, x}: b ranked 2nd, x unknown   -> RP@5 1/2, RP@10 1/2, MRR 1/2
    # query 2: gold {l}:    l ranked 12th             -> RP@5 0,   RP@10 0,   MRR 1/12
    # query 3: gold {a..f}: ranked 1st..6th          -> RP@5 5/5, RP@10 6/6, MRR 1
    order = {"one": "cbadefghijkl", "two": "abcdefghijkl", "three": "abcdefghijkl"}
    queries = [Query("one", ["b", "x"]), Query("two", ["l"]), Query("three", list("abcdef"))]

    def score(sentences):
        return [
            np.array([-order[s].index(label) for label in LABELS], dtype=float) for s in sentences
        ]

    result = evaluate(queries, labels=LABELS, score=score, batch=2)
    assert result.rp5 == pytest.approx(100 * (0.5 + 0 + 1) / 3)
    assert result.rp10 == pytest.approx(100 * (0.5 + 0 + 1) / 3)
    assert result.mrr == pytest.approx(100 * (0.5 + 1 / 12 + 1) / 3)
    assert (result.queries, result.unresolved) == (3, 1)
    assert result.line() == "RP@5=50.00 RP@10=50.00 MRR=52.78 queries=3 unresolved=1"


def test_threshold_cuts_by_hand():
    # one: gold {a, b}; scores a .95, c .9, b .85 -> at .88 keeps {a, c}: 1 hit of 2 found
    # two: gold {d};    scores d .8, e .99      -> at .88 keeps {e}: 0 hits
    scores = {"one": {"a": 0.95, "c": 0.9, "b": 0.85}, "two": {"d": 0.8, "e": 0.99}}
    queries = [Query("one", ["a", "b"]), Query("two", ["d"])]

    def score(sentences):
        return [np.array([scores[s].get(label, 0.0) for label in LABELS]) for s in sentences]

    low, mid, top_only = threshold_cuts(
        queries, labels=LABELS, score=score, thresholds=[0.5, 0.88, 0.5], top=5
    )
    assert (low.found, low.precision, low.recall) == (5, 3 / 5, 3 / 3)
    assert (mid.found, mid.precision, mid.recall) == (3, 1 / 3, 1 / 3)
    assert mid.f1 == pytest.approx(1 / 3)
    assert mid.line() == "threshold 0.88: precision 0.333 recall 0.333 F1 0.333 found 3"
    (one_each,) = threshold_cuts(queries, labels=LABELS, score=score, thresholds=[0.5], top=1)
    assert (one_each.found, one_each.precision) == (2, 1 / 2)
    assert top_only == low


def test_rows_group_by_sentence_and_ignore_the_placeholders(tmp_path):
    path = tmp_path / "bench.csv"
    path.write_text(
        "sentence,span,sub_span,label\n"
        "s1,x,,SQL\ns1,y,,LABEL NOT PRESENT\ns1,z,,SQL\ns2,w,,UNDERSPECIFIED\ns3,v,,physics\n",
        encoding="utf-8",
    )
    assert read_queries(path) == [Query("s1", ["SQL"]), Query("s3", ["physics"])]
    techwolf = tmp_path / "techwolf.csv"
    techwolf.write_text("sentence,label\ns1,SQL\n", encoding="utf-8")
    assert read_queries(techwolf) == [Query("s1", ["SQL"])]


def test_the_command_on_a_fixture(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path / "none"  # lexical ranking: the gold names are written
    path = tmp_path / "fixture.csv"
    path.write_text(
        "sentence,span,sub_span,label\n"
        "Strong SQL skills are required.,SQL,,SQL\n"
        "You will teach physics to students.,teach physics,,physics\n"
        "Knows Klingon.,Klingon,,Klingon linguistics\n"
        "Free coffee.,coffee,,LABEL NOT PRESENT\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="run skills_embed first, or pass --lexical"):
        call_command("skills_eval", str(path))  # no vectors: no figures passed off as dense
    out = io.StringIO()
    call_command("skills_eval", str(path), "--lexical", stdout=out, stderr=io.StringIO())
    # SQL and physics are in the top five of their sentences, Klingon is in no taxonomy
    assert out.getvalue().startswith("RP@5=66.67 RP@10=66.67 ")
    assert out.getvalue().strip().endswith("queries=3 unresolved=1")


def test_cross_validation_chooses_each_folds_weights_on_the_other_folds():
    # Under w=1 the gold label ranks first, under w=0 last, for q0-q2; q3 is the other way
    # round. Every fold's training folds favour w=1, so q3's fold scores nothing although
    # w=0 would have scored all of it: the figures are not fitted to the fold they report.
    queries = [Query(f"q{n}", [LABELS[n]]) for n in range(4)]

    def fuse(sentence: str, point: dict[str, float]) -> np.ndarray:
        gold = int(sentence[1])
        good = (point["w"] == 1) != (gold == 3)
        scores = np.zeros(len(LABELS))
        scores[gold] = 1.0 if good else -1.0
        return scores

    crossed = cross_validate(
        queries,
        labels=LABELS,
        evidence=lambda sentences: sentences,
        fuse=fuse,
        grid={"w": (0.0, 1.0)},
        folds=4,
    )
    assert [f.chosen for f in crossed.folds] == [{"w": 1.0}] * 4
    assert sorted(f.evaluation.rp5 for f in crossed.folds) == [0, 100, 100, 100]
    assert crossed.mean.rp5 == pytest.approx(75)
    assert crossed.mean.mrr == pytest.approx(75 + 25 / 12)
    assert crossed.everywhere == {"w": 1.0}
    with pytest.raises(ValueError, match="folds"):
        cross_validate(
            queries, labels=LABELS, evidence=list, fuse=fuse, grid={"w": (1.0,)}, folds=5
        )


def test_the_command_cross_validates(embedded, tmp_path):
    path = tmp_path / "fixture.csv"
    path.write_text(
        "sentence,label\n"
        "Strong SQL skills are required.,SQL\n"
        "You will teach physics to students.,physics\n"
        "Вы будете программировать на Python.,Python (computer programming)\n"
        "You build machine learning models.,machine learning\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("skills_eval", str(path), "--folds", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "fold 1/2",
        "fold 2/2",
        "mean of 2 folds",
        "chosen on all queries",
    ]
    assert "lexical=" in lines[0]
    assert "ru_names=" in lines[0]
    figures = [float(line.split("RP@5=")[1].split()[0]) for line in lines[:3]]
    assert figures[2] == pytest.approx((figures[0] + figures[1]) / 2, abs=0.01)
    out = io.StringIO()
    call_command("skills_eval", str(path), "--folds", "2", "--ablation", stdout=out)
    assert "dense, preferred labels only:" in out.getvalue()
    with pytest.raises(CommandError, match="folds"):
        call_command("skills_eval", str(path), "--folds", "9")
    out = io.StringIO()
    call_command("skills_eval", str(path), "--thresholds", "0.5,0.99", stdout=out)
    cuts = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in cuts] == ["threshold 0.50", "threshold 0.99"]
    assert int(cuts[0].split("found ")[1]) >= int(cuts[1].split("found ")[1])
    with pytest.raises(CommandError, match="--thresholds"):
        call_command("skills_eval", str(path), "--thresholds", "high")


def test_the_command_refuses_a_file_without_the_columns(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,skill\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="sentence and label"):
        call_command("skills_eval", str(path))


def test_the_extract_command(taxonomy, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    out = io.StringIO()
    call_command("skills_extract", "Знание SQL обязательно.", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert "SQL  [lexical]  7-10 'SQL'" in lines[0]
    assert lines[-1] == "skills_extract: 1 skills"
    with pytest.raises(CommandError):
        call_command("skills_extract", "  ")
