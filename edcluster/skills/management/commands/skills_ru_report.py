"""`skills_ru_report`: how much of the taxonomy has Russian names, and what is wrong with them."""

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from edcluster.core.text import fold_spaces
from edcluster.skills.models import Occupation, OccupationSkill, Skill, SkillGroup
from edcluster.skills.services import team_files, team_rows

PLURALS = {SkillGroup: "skill groups", Skill: "skills", Occupation: "occupations"}


def share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({100 * part / whole:.1f}%)" if whole else "0 of 0"


class Command(BaseCommand):
    help = (
        "Coverage of the Russian names (groups, skills, skills essential to ISCO 1–3 "
        "occupations, skills the cluster's postings, requests and products link) and problems: "
        "Russian labels two skills share, data-file lines naming no concept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error when a problem is found"
        )

    def handle(self, *args, strict: bool, **options) -> None:
        say = self.stdout.write
        say("Data files: " + ", ".join(path.name for path in team_files()))
        live = {m: m.objects.filter(obsolete=False) for m in (SkillGroup, Skill, Occupation)}
        for model, concepts in live.items():
            named = share(concepts.exclude(label_ru="").count(), concepts.count())
            say(f"{PLURALS[model]} with a Russian name: {named}")
        essential = Skill.objects.filter(
            obsolete=False,
            pk__in=OccupationSkill.objects.filter(
                relation="essential", occupation__isco_code__regex=r"^[123]"
            ).values("skill_id"),
        )
        say(
            "skills essential to an occupation of ISCO major groups 1–3: "
            + share(essential.exclude(label_ru="").count(), essential.count())
        )
        for linking, name in self._links():
            linked = Skill.objects.filter(pk__in=linking.objects.values(name))
            say(
                f"skills linked by {linking._meta.label}: "
                + share(linked.exclude(label_ru="").count(), linked.count())
            )
        problems = self._clashes() + self._unknown()
        for problem in problems:
            self.stderr.write(f"  {problem}")
        say(f"Problems: {len(problems)}")
        if strict and problems:
            raise CommandError(f"{len(problems)} problems with the Russian names")

    def _links(self) -> list[tuple[Any, str]]:
        """The other apps' links to skills (postings, requests, products …), by their fields."""
        return [
            (model, field.name)
            for model in apps.get_models()
            if model._meta.app_label != "skills"
            for field in model._meta.get_fields()
            if field.many_to_one and field.related_model is Skill
        ]

    def _clashes(self) -> list[str]:
        labels: dict[str, list[str]] = defaultdict(list)
        for label, label_ru in Skill.objects.exclude(label_ru="").values_list("label", "label_ru"):
            labels[fold_spaces(label_ru)].append(label)
        return [
            f"Russian label «{norm}» shared by {', '.join(sorted(skills))}"
            for norm, skills in sorted(labels.items())
            if len(skills) > 1
        ]

    def _unknown(self) -> list[str]:
        known = {
            kind: {fold_spaces(label) for label in model.objects.values_list("label", flat=True)}
            for kind, model in (("skill", Skill), ("group", SkillGroup), ("occupation", Occupation))
        }
        return [
            f"{row.where()}: {row.kind} “{row.label}” is not in the taxonomy"
            for row in team_rows()
            if fold_spaces(row.label) not in known.get(row.kind, set())
        ]
