"""Aliases: the Russian names the team wrote (data/aliases_ru*.tsv) and the operators' additions.

The team's names are written by the edcluster team, not by ESCO: each line of a data file names a
skill, skill group or occupation by its ESCO preferred label and gives Russian names for it, the
first one becoming its Russian label. Every `aliases_ru*.tsv` of the data folder is read, in name
order; each name keeps the file it came from (`origin`). Loading brings the team's aliases to the
files by difference (a name struck from a file goes), keeps their order, and never touches an
operator's alias. Labels that name no concept are reported, not dropped silently; so are Russian
labels two skills would share (`label_clashes`). An alias that is another skill's label is
dropped (`shadowed_drop`): distinct skills never share a Russian name.
"""

import csv
from collections import defaultdict
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

DATA_DIR = Path(__file__).parents[1] / "data"
STARTER_FILE = DATA_DIR / "aliases_ru.tsv"
CONCEPTS: dict[str, type[Skill] | type[Occupation] | type[SkillGroup]] = {
    "skill": Skill,
    "group": SkillGroup,
    "occupation": Occupation,
}
PLURAL = {"skill": "skills", "group": "groups", "occupation": "occupations"}
CLUSTER = SkillAlias.Source.CLUSTER


@dataclass(frozen=True)
class TeamRow:
    """One line of a data file: a concept named by its ESCO label, and our Russian names."""

    kind: str
    label: str
    names: list[str]
    origin: str  # the file's name
    line: int

    def where(self) -> str:
        return f"{self.origin}:{self.line}"


@dataclass
class StarterLoaded:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PLURAL.values(), 0))
    aliases: int = 0
    added: int = 0
    removed: int = 0
    unknown: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)
    shadowed: list[str] = field(default_factory=list)  # aliases dropped: another skill's label

    def summary(self) -> str:
        named = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        text = f"{self.aliases:,} names of {named}; {self.added:,} new, {self.removed:,} removed"
        if self.unknown:
            text += f"; {len(self.unknown)} labels not in ESCO"
        if self.clashes:
            text += f"; {len(self.clashes)} Russian labels shared by skills"
        if self.shadowed:
            text += f"; {len(self.shadowed)} aliases dropped as another skill's label"
        return text

    def problems(self) -> list[str]:
        return [
            *(f"not in ESCO: {what}" for what in self.unknown),
            *(f"Russian label shared: {what}" for what in self.clashes),
        ]


def team_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("aliases_ru*.tsv"))


def team_rows(paths: list[Path] | None = None) -> list[TeamRow]:
    """The lines of the team's data files (every `aliases_ru*.tsv` unless paths are given)."""
    rows = []
    for path in team_files() if paths is None else paths:
        with path.open(encoding="utf-8") as opened:
            for number, row in enumerate(csv.reader(opened, delimiter="\t"), start=1):
                if row and not row[0].startswith("#") and len(row) >= 3:
                    names = [name.strip() for name in row[2].split(";") if name.strip()]
                    kind, label = row[0].strip(), " ".join(row[1].split())
                    rows.append(TeamRow(kind, label, names, path.name, number))
    return rows


def starter_rows(path: Path | None = None) -> list[tuple[str, str, list[str]]]:
    """(kind, ESCO preferred label, Russian names) of each line of the team's files."""
    return [(r.kind, r.label, r.names) for r in team_rows(None if path is None else [path])]


def team_names(
    rows: list[TeamRow], by_label: dict[str, dict[str, list[str]]], loaded: StarterLoaded
) -> dict[str, list[tuple[str, str]]]:
    """Each concept's team-written names in file order, as (text, origin), once each."""
    wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        uris = by_label.get(row.kind, {}).get(fold_spaces(row.label))
        if not uris or not row.names:
            problem = "kind" if row.kind not in CONCEPTS else "label"
            loaded.unknown.append(f"{row.where()} {row.kind} “{row.label}” ({problem})")
            continue
        for uri in uris:
            for name in row.names:
                if (uri, fold_spaces(name)) not in seen:
                    seen.add((uri, fold_spaces(name)))
                    wanted[uri].append((name, row.origin))
    return wanted


def label_clashes(wanted: dict[str, list[tuple[str, str]]], skill_uris: set[str]) -> list[str]:
    """Russian labels (first names) two skills would share: distinct skills never do."""
    labels: dict[str, set[str]] = defaultdict(set)
    for uri, names in wanted.items():
        if uri in skill_uris:
            labels[fold_spaces(names[0][0])].add(uri)
    return sorted(f"«{norm}»: {len(uris)} skills" for norm, uris in labels.items() if len(uris) > 1)


def shadowed_drop(wanted: dict[str, list[tuple[str, str]]], skill_uris: set[str]) -> list[str]:
    """Drop each alias of a skill that is another skill's Russian label (the label is that
    skill's name; typing it must find that one): what was dropped, for the report."""
    labels = {fold_spaces(wanted[uri][0][0]): uri for uri in skill_uris}
    dropped = []
    for uri in skill_uris:
        label, *aliases = wanted[uri]
        kept = [a for a in aliases if labels.get(fold_spaces(a[0]), uri) == uri]
        dropped += [f"{o} «{n}»" for n, o in aliases if (n, o) not in kept]
        wanted[uri] = [label, *kept]
    return sorted(dropped)


def _concept_labels() -> dict[str, dict[str, list[str]]]:
    by_label: dict[str, dict[str, list[str]]] = {}
    for kind, model in CONCEPTS.items():
        found: dict[str, list[str]] = defaultdict(list)
        for uri, label in model.objects.filter(obsolete=False).values_list("uri", "label"):
            found[fold_spaces(label)].append(uri)
        by_label[kind] = found
    return by_label


@transaction.atomic
def starter_aliases_load(*, paths: list[Path] | None = None) -> StarterLoaded:
    """Bring the team's Russian names to the data files (idempotent; operators' untouched)."""
    loaded, by_label = StarterLoaded(), _concept_labels()
    wanted = team_names(team_rows(paths), by_label, loaded)
    kinds = {
        uri: kind for kind, labels in by_label.items() for uris in labels.values() for uri in uris
    }
    for uri in wanted:
        loaded.counts[PLURAL[kinds[uri]]] += 1
    loaded.aliases = sum(len(names) for names in wanted.values())
    skill_uris = {uri for uri in wanted if kinds[uri] == "skill"}
    loaded.clashes = label_clashes(wanted, skill_uris)
    loaded.shadowed = shadowed_drop(wanted, skill_uris)
    others = set(
        SkillAlias.objects.filter(language="ru").exclude(source=CLUSTER).values_list("uri", "norm")
    )
    current: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    team = SkillAlias.objects.filter(language="ru", source=CLUSTER).order_by("pk")
    for pk, uri, text, origin in team.values_list("pk", "uri", "text", "origin"):
        current[uri].append((pk, text, origin))
    stale, new = [], []
    for uri in current.keys() | wanted.keys():
        names = [n for n in wanted.get(uri, []) if (uri, fold_spaces(n[0])) not in others]
        if [(text, origin) for _pk, text, origin in current.get(uri, [])] == names:
            continue
        stale += [pk for pk, _text, _origin in current.get(uri, [])]
        new += [
            SkillAlias(
                uri=uri,
                language="ru",
                text=text,
                norm=fold_spaces(text),
                source=CLUSTER,
                origin=origin,
            )
            for text, origin in names
        ]
    for start in range(0, len(stale), 1000):
        SkillAlias.objects.filter(pk__in=stale[start : start + 1000]).delete()
    SkillAlias.objects.bulk_create(new, batch_size=1000)
    loaded.added, loaded.removed = len(new), len(stale)
    russian_labels_refresh()
    return loaded


def _first_alias(aliases) -> dict[str, str]:
    first = dict(aliases.values("uri").annotate(first=Min("pk")).values_list("uri", "first"))
    return dict(SkillAlias.objects.filter(pk__in=first.values()).values_list("uri", "text"))


def russian_labels_refresh(uris: list[str] | None = None) -> None:
    """Each concept's Russian label is the first Russian name the team wrote for it, or else
    the first an operator added (or none)."""
    aliases = SkillAlias.objects.filter(language="ru")
    if uris is not None:
        aliases = aliases.filter(uri__in=uris)
    texts = {**_first_alias(aliases), **_first_alias(aliases.filter(source=CLUSTER))}
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
