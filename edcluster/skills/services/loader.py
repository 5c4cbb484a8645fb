"""`skills_load`: ESCO's CSV release into the taxonomy tables, keyed by URI.

Idempotent (a re-run changes nothing) and version-aware (a later release updates what changed,
adds what is new and marks what it no longer has as obsolete, so links elsewhere stay valid).
Relations and ESCO's own aliases are brought to the release's set by difference, not rewritten.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from edcluster.core.bulk import bulk_insert
from edcluster.core.text import fold_spaces
from edcluster.skills.models import (
    Broader,
    Occupation,
    OccupationSkill,
    Skill,
    SkillAlias,
    SkillGroup,
    Taxonomy,
)

ESCO_DIRECTORY = Path(settings.DATA_DIR) / "esco-v1.1.1-en"
CONCEPT_FIELDS = ("label", "description", "version", "obsolete")
FIELDS = {
    Skill: (*CONCEPT_FIELDS, "kind", "reuse_level"),
    SkillGroup: (*CONCEPT_FIELDS, "code"),
    Occupation: (*CONCEPT_FIELDS, "isco_code", "code"),
}


PLURALS = {Skill: "skills", SkillGroup: "skill groups", Occupation: "occupations"}


class Release:
    """The CSV files of one ESCO release, read straight from its zip archives."""

    def __init__(self, directory: Path) -> None:
        self.members: dict[str, tuple[Path, str]] = {}
        for archive in sorted(directory.glob("*.zip")):
            with zipfile.ZipFile(archive) as opened:
                for name in opened.namelist():
                    self.members[Path(name).name] = (archive, name)
        if "skills_en.csv" not in self.members:
            raise FileNotFoundError(f"No ESCO skills_en.csv in the archives of {directory}")
        found = re.search(r"v(\d+(?:\.\d+)+)", str(directory) + " ".join(map(str, self.members)))
        self.version = found.group(1) if found else "unknown"

    def rows(self, name: str) -> Iterator[dict[str, str]]:
        archive, member = self.members[name]
        with zipfile.ZipFile(archive) as opened, opened.open(member) as raw:
            yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


def labels(cell: str) -> list[str]:
    return [text.strip() for text in cell.split("\n") if text.strip()]


@dataclass
class Loaded:
    counts: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        changed = ", ".join(f"{name} {count:,}" for name, count in self.changed.items() if count)
        return f"{counts}; changed: {changed or 'nothing'}"


CONCEPT_FILES = {
    # model: (file of the release, {field: column})
    Skill: ("skills_en.csv", {"kind": "skillType", "reuse_level": "reuseLevel"}),
    SkillGroup: ("skillGroups_en.csv", {"code": "code"}),
    Occupation: ("occupations_en.csv", {"isco_code": "iscoGroup", "code": "code"}),
}


def concept_values(model, rows: dict[str, dict[str, str]]) -> dict[str, dict]:
    """The field values of a release's concepts of one model, by URI."""
    columns = CONCEPT_FILES[model][1]
    return {
        uri: {
            "label": row["preferredLabel"].strip(),
            "description": row["description"].strip(),
            **{name: row[column] for name, column in columns.items()},
        }
        for uri, row in rows.items()
    }


def esco_load(
    *, directory: Path = ESCO_DIRECTORY, progress: Callable[[str], None] | None = None
) -> Loaded:
    """Bring the taxonomy tables to an ESCO release (idempotent, version-aware)."""
    release, loaded = Release(directory), Loaded()
    say = progress or (lambda _message: None)
    rows = {
        model: {row["conceptUri"]: row for row in release.rows(file)}
        for model, (file, _columns) in CONCEPT_FILES.items()
    }
    with transaction.atomic():
        for model, concepts in rows.items():
            if model is not SkillGroup:  # groups are told with the skills
                say(PLURALS[model])
            _concepts(loaded, model, release.version, concept_values(model, concepts))
        say("occupation–skill links")
        _links(loaded, release)
        say("hierarchy")
        _edges(loaded, release)
        say("alternative labels")
        _esco_aliases(loaded, [row for concepts in rows.values() for row in concepts.values()])
        Taxonomy.objects.update_or_create(
            name="esco", defaults={"version": release.version, "counts": loaded.counts}
        )
    return loaded


def _concepts(loaded: Loaded, model, version: str, incoming: dict[str, dict]) -> None:
    """Insert new concepts, update changed ones, mark vanished ones obsolete."""
    names = FIELDS[model]
    current = {row[0]: row[1:] for row in model.objects.values_list("uri", "pk", *names)}
    create, update = [], []
    for uri, values in incoming.items():
        values = {**values, "version": version, "obsolete": False}
        row = tuple(values[name] for name in names)
        if uri not in current:
            create.append(model(uri=uri, **values))
        elif current[uri][1:] != row:
            update.append(model(pk=current[uri][0], uri=uri, **values))
    obsolete = 1 + names.index("obsolete")
    gone = [
        current[uri][0] for uri in current.keys() - incoming.keys() if not current[uri][obsolete]
    ]
    model.objects.bulk_create(create, batch_size=2000)
    model.objects.bulk_update(update, list(names), batch_size=1000)
    model.objects.filter(pk__in=gone, uri__startswith="http://data.europa.eu/esco/").update(
        obsolete=True
    )
    plural = PLURALS[model]
    loaded.counts[plural] = len(incoming)
    loaded.changed[plural] = len(create) + len(update) + len(gone)


def _sync(
    loaded: Loaded,
    name: str,
    model,
    columns: tuple[str, ...],
    current: Iterable[tuple],
    wanted: set[tuple],
    key: Callable[[tuple], int],
) -> None:
    """Bring a table of plain rows to the wanted set: insert what is missing, delete the rest."""
    have = {row[1:]: row[0] for row in current}
    missing = wanted - have.keys()
    extra = [have[row] for row in have.keys() - wanted]
    for start in range(0, len(extra), 1000):
        model.objects.filter(pk__in=extra[start : start + 1000]).delete()
    bulk_insert(model, columns, sorted(missing, key=key))
    loaded.counts[name] = len(wanted)
    loaded.changed[name] = len(missing) + len(extra)


def _links(loaded: Loaded, release: Release) -> None:
    skill_ids = dict(Skill.objects.values_list("uri", "pk"))
    occupation_ids = dict(Occupation.objects.values_list("uri", "pk"))
    wanted = set()
    for row in release.rows("occupationSkillRelations.csv"):
        occupation, skill = occupation_ids.get(row["occupationUri"]), skill_ids.get(row["skillUri"])
        if occupation and skill:
            wanted.add((occupation, skill, row["relationType"]))
    current = OccupationSkill.objects.values_list("pk", "occupation_id", "skill_id", "relation")
    _sync(
        loaded,
        "occupation–skill links",
        OccupationSkill,
        ("occupation_id", "skill_id", "relation"),
        current,
        wanted,
        key=lambda r: r[0],
    )


def _edges(loaded: Loaded, release: Release) -> None:
    wanted = {
        (row["conceptUri"], row["broaderUri"])
        for row in release.rows("broaderRelationsSkillPillar.csv")
    }
    current = Broader.objects.values_list("pk", "uri", "broader_uri")
    _sync(
        loaded,
        "hierarchy edges",
        Broader,
        ("uri", "broader_uri"),
        current,
        wanted,
        key=lambda r: r[0],
    )


def _esco_aliases(loaded: Loaded, rows: list[dict[str, str]]) -> None:
    wanted: dict[tuple[str, str], str] = {}
    for row in rows:
        for text in labels(row.get("altLabels", "")):
            wanted.setdefault((row["conceptUri"], fold_spaces(text)[:300]), text[:300])
    current = SkillAlias.objects.filter(source=SkillAlias.Source.ESCO, language="en")
    have = {(uri, norm): pk for pk, uri, norm in current.values_list("pk", "uri", "norm")}
    extra = [have[key] for key in have.keys() - wanted.keys()]
    for start in range(0, len(extra), 1000):
        SkillAlias.objects.filter(pk__in=extra[start : start + 1000]).delete()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    missing = sorted(wanted.keys() - have.keys())
    bulk_insert(
        SkillAlias,
        ("created_at", "updated_at", "uri", "language", "text", "norm", "source"),
        (
            (now, now, uri, "en", wanted[uri, norm], norm, SkillAlias.Source.ESCO)
            for uri, norm in missing
        ),
    )
    loaded.counts["ESCO aliases"] = len(wanted)
    loaded.changed["ESCO aliases"] = len(missing) + len(extra)
