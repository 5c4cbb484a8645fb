from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError

from edcluster.skills.evaluation import cross_validate, evaluate, read_queries, threshold_cuts
from edcluster.skills.extraction import extractor
from edcluster.skills.extraction.engine import GRID, STAGES, Evidence, Extractor
from edcluster.skills.extraction.text import language_of

NO_VECTORS = (
    "No taxonomy vectors for the extractor: run skills_embed first, or pass --lexical to rank "
    "by words alone (those are not the extractor's figures)."
)


class Command(BaseCommand):
    help = (
        "Rank all skills for each sentence of a skill-extraction benchmark CSV and print "
        "RP@5, RP@10 and MRR; with --folds K, cross-validated (weights chosen on the other folds)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--folds", type=int, default=0, help="k-fold cross-validation of the weights"
        )
        parser.add_argument(
            "--ablation", action="store_true", help="with --folds: each stage's figures"
        )
        parser.add_argument(
            "--lexical", action="store_true", help="rank by words alone, without the vectors"
        )
        parser.add_argument(
            "--thresholds",
            default="",
            help="comma-separated thresholds: precision, recall and F1 of what extraction keeps",
        )

    def handle(self, *args, file: Path, folds: int, ablation: bool, lexical: bool, **options):
        thresholds = self._thresholds(options["thresholds"])
        try:
            queries = read_queries(file)
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        engine = Extractor(with_vectors=False) if lexical else extractor()
        if not lexical and not engine.dense:
            raise CommandError(NO_VECTORS)
        if thresholds:
            self._cuts(engine, queries, thresholds)
            return
        if not folds:
            result = evaluate(
                queries,
                labels=engine.index.labels,
                score=lambda batch: [s.fused for s in engine.score(batch)],
            )
            self.stdout.write(result.line())
            return
        stages = STAGES if ablation else {"extractor": GRID}
        seen = engine.evidence([q.sentence for q in queries])
        for stage, grid in stages.items():
            if ablation:
                self.stdout.write(f"{stage}:")
            try:
                crossed = self._crossed(engine, queries, seen, grid, folds)
            except ValueError as error:
                raise CommandError(str(error)) from error
            for line in crossed.lines():
                self.stdout.write(f"  {line}" if ablation else line)

    @staticmethod
    def _thresholds(text: str) -> list[float]:
        try:
            return [float(part) for part in text.split(",") if part.strip()]
        except ValueError as error:
            raise CommandError(f"--thresholds: {error}") from error

    def _cuts(self, engine: Extractor, queries, thresholds: list[float]) -> None:
        top = max(engine.weights[language_of(q.sentence)].top for q in queries)
        cuts = threshold_cuts(
            queries,
            labels=engine.index.labels,
            score=lambda batch: [s.fused for s in engine.score(batch)],
            thresholds=thresholds,
            top=top,
        )
        for cut in cuts:
            self.stdout.write(cut.line())

    def _crossed(self, engine: Extractor, queries, seen: list[Evidence], grid, folds):
        def fuse(evidence: Evidence, point: dict[str, float]):
            weights = replace(engine.weights[evidence.language], **cast(dict[str, Any], point))
            return engine.fuse(evidence, weights).fused

        return cross_validate(
            queries,
            labels=engine.index.labels,
            evidence=lambda _sentences: seen,
            fuse=fuse,
            grid=grid,
            folds=folds,
        )
