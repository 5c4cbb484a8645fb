from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edcluster.skills.evaluation import evaluate, read_queries
from edcluster.skills.extraction import extractor


class Command(BaseCommand):
    help = (
        "Rank all skills for each sentence of a skill-extraction benchmark CSV and print "
        "RP@5, RP@10 and MRR."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            queries = read_queries(file)
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        engine = extractor()
        if not engine.dense:
            self.stderr.write("No taxonomy vectors yet (run skills_embed): ranking lexically.")
        result = evaluate(
            queries,
            labels=engine.index.labels,
            score=lambda batch: [s.fused for s in engine.score(batch)],
        )
        self.stdout.write(result.line())
