"""Aliases: our Russian starter set (data/aliases_ru.tsv) and the operators' additions.

The starter set is written by the edcluster team, not by ESCO: each line names a skill or
occupation by its ESCO preferred label and gives Russian names for it, the first one becoming its
Russian label. Loading it is idempotent; operators' own aliases are never touched by it.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.core.text import fold_spaces
from edcluster.skills.models import Occupation, Skill, SkillAlias, SkillGroup
from edcluster.skills.selectors import concept_of

STARTER_FILE = Path(__file__).parents[1] / "data" / "aliases_ru.tsv"
CONCEPTS: dict[str, type[Skill] | type[Occupation]] = {"skill": Skill, "occupation": Occupation}


@dataclass
class StarterLoaded:
    skills: int = 0
    occupations: int = 0
    aliases: int = 0
    added: int = 0
    unknown: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.aliases:,} aliases of {self.skills:,} skills and {self.occupations:,} "
            f"occupations, {self.added:,} new"
        )
        return text + (f", {len(self.unknown)} labels not in ESCO" if self.unknown else "")


def starter_rows(path: Path = STARTER_FILE) -> list[tuple[str, str, list[str]]]:
    """(kind, ESCO preferred label, Russian names) of each line of the starter file."""
    rows = []
    with path.open(encoding="utf-8") as opened:
        for row in csv.reader(opened, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 3:
                names = [name.strip() for name in row[2].split(";") if name.strip()]
                rows.append((row[0].strip(), row[1].strip(), names))
    return rows


@transaction.atomic
def starter_aliases_load(*, path: Path = STARTER_FILE) -> StarterLoaded:
    loaded = StarterLoaded()
    by_label = {
        kind: {
            fold_spaces(label): uri
            for uri, label in model.objects.filter(obsolete=False).values_list("uri", "label")
        }
        for kind, model in CONCEPTS.items()
    }
    have = set(SkillAlias.objects.filter(language="ru").values_list("uri", "norm"))
    new = []
    for kind, label, names in starter_rows(path):
        uri = by_label.get(kind, {}).get(fold_spaces(label))
        if uri is None:
            loaded.unknown.append(label)
            continue
        setattr(loaded, f"{kind}s", getattr(loaded, f"{kind}s") + 1)
        for name in names:
            loaded.aliases += 1
            if (uri, fold_spaces(name)) not in have:
                have.add((uri, fold_spaces(name)))
                new.append(
                    SkillAlias(
                        uri=uri,
                        language="ru",
                        text=name,
                        norm=fold_spaces(name),
                        source=SkillAlias.Source.CLUSTER,
                    )
                )
    SkillAlias.objects.bulk_create(new, batch_size=1000)
    loaded.added = len(new)
    russian_labels_refresh()
    return loaded


def russian_labels_refresh(uris: list[str] | None = None) -> None:
    """Each concept's Russian label is its first Russian alias (or none)."""
    aliases = SkillAlias.objects.filter(language="ru")
    if uris is not None:
        aliases = aliases.filter(uri__in=uris)
    first = dict(aliases.values("uri").annotate(first=Min("pk")).values_list("uri", "first"))
    texts = dict(SkillAlias.objects.filter(pk__in=first.values()).values_list("uri", "text"))
    for model in (Skill, Occupation, SkillGroup):
        current = (
            model.objects.exclude(label_ru="")
            if uris is None
            else model.objects.filter(uri__in=uris)
        )
        stale = [
            c for c in current.only("pk", "uri", "label_ru") if texts.get(c.uri, "") != c.label_ru
        ]
        named = model.objects.filter(uri__in=texts.keys(), label_ru="").only("pk", "uri")
        changed = {c.pk: c for c in [*stale, *named]}.values()
        for concept in changed:
            concept.label_ru = texts.get(concept.uri, "")
        model.objects.bulk_update(list(changed), ["label_ru"], batch_size=1000)


@transaction.atomic
def alias_create(*, uri: str, language: str, text: str, actor) -> SkillAlias:
    """An operator names a skill or occupation (the caller checked that they are one)."""
    concept = concept_of(uri)
    if concept is None:
        raise ValidationError({"uri": _("No skill or occupation has this URI.")})
    alias = SkillAlias(
        uri=uri,
        language=language,
        text=text.strip(),
        author=actor,
        source=SkillAlias.Source.OPERATOR,
    )
    _check(alias)
    alias.save()
    russian_labels_refresh([uri])
    audit_record(
        actor=actor,
        verb="skills.alias_added",
        target=alias,
        data={"uri": uri, "language": language, "text": alias.text},
    )
    return alias


@transaction.atomic
def alias_update(*, alias: SkillAlias, text: str, actor) -> SkillAlias:
    before = alias.text
    alias.text = text.strip()
    _check(alias)
    alias.save()
    russian_labels_refresh([alias.uri])
    audit_record(
        actor=actor,
        verb="skills.alias_changed",
        target=alias,
        data={"before": before, "after": alias.text},
    )
    return alias


@transaction.atomic
def alias_delete(*, alias: SkillAlias, actor) -> None:
    uri, text = alias.uri, alias.text
    audit_record(
        actor=actor, verb="skills.alias_removed", target=alias, data={"uri": uri, "text": text}
    )
    alias.delete()
    russian_labels_refresh([uri])


def _check(alias: SkillAlias) -> None:
    if alias.language not in ("ru", "en"):
        raise ValidationError({"language": _("Aliases are in Russian (ru) or English (en).")})
    if not alias.text:
        raise ValidationError({"text": _("Write the alias.")})
    if len(alias.text) > 300:
        raise ValidationError({"text": _("At most 300 characters.")})
    clash = SkillAlias.objects.filter(
        uri=alias.uri, language=alias.language, norm=fold_spaces(alias.text)
    ).exclude(pk=alias.pk)
    if clash.exists():
        raise ValidationError({"text": _("This skill already has this alias.")})
