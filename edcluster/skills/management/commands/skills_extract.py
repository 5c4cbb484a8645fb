from django.core.management.base import BaseCommand, CommandError

from edcluster.skills.extraction import extractor


class Command(BaseCommand):
    help = "Print the skills a Russian or English text names or describes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", help='the text, or "-" to read it from standard input')

    def handle(self, *args, text: str, **options) -> None:
        if text == "-":
            import sys

            text = sys.stdin.read()
        if not text.strip():
            raise CommandError("Give a text to look for skills in.")
        engine = extractor()
        if not engine.dense:
            self.stderr.write("No taxonomy vectors yet (run skills_embed): matching names only.")
        found = engine.extract(text)
        for skill in found:
            self.stdout.write(
                f"{skill.score:.3f}  {skill.label}  [{skill.method}]  "
                f"{skill.start}-{skill.end} {skill.evidence!r}  {skill.uri}"
            )
        self.stdout.write(f"skills_extract: {len(found)} skills")
