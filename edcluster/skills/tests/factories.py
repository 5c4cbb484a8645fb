"""Rows of the taxonomy for tests: concepts and aliases made directly (the loader owns ESCO's
rows, so a test that needs a few makes them here), and a small ESCO release cut from the real
one (same files, same columns) for tests of the loader and the extractor."""

import csv
import io
import zipfile
from pathlib import Path

from edcluster.skills.models import Occupation, OccupationSkill, Skill, SkillAlias, SkillGroup
from edcluster.skills.services import ESCO_DIRECTORY, Release

OCCUPATIONS = ["software developer", "data scientist", "chemist", "higher education lecturer"]
SKILLS = [
    "Python (computer programming)",
    "Java (computer programming)",
    "SQL",
    "machine learning",
    "computer programming",
    "chemistry",
    "manage staff",
    "teamwork principles",
    "physics",
    "perform laboratory tests",
    "data mining",
    "communication",
    "JavaScript",
    "statistics",
    "mathematics",
    "manage budgets",
    "teach in academic or vocational contexts",
]
EN_ZIP = "ESCO dataset - v1.1.1 - classification - en - csv.zip"
RELATIONS_ZIP = "ESCO dataset - v1.1.1 - classification -  - csv.zip"


def _write(archive: Path, tables: dict[str, tuple[list[str], list[dict]]]) -> None:
    with zipfile.ZipFile(archive, "a" if archive.exists() else "w") as opened:
        for name, (columns, rows) in tables.items():
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
            opened.writestr(name, out.getvalue())


def _rows(release: Release, name: str) -> tuple[list[str], list[dict]]:
    rows = list(release.rows(name))
    return list(rows[0].keys()), rows


def cut_release(target: Path, occupations=OCCUPATIONS, skills=SKILLS, essential_per=8) -> Path:
    """Chosen occupations, the named skills plus a few essential ones of each occupation, the
    links among them, the skills pillar edges above them and every group."""
    release = Release(ESCO_DIRECTORY)
    occupation_columns, all_occupations = _rows(release, "occupations_en.csv")
    chosen_occupations = [o for o in all_occupations if o["preferredLabel"] in occupations]
    by_uri = {o["conceptUri"] for o in chosen_occupations}
    link_columns, links = _rows(release, "occupationSkillRelations.csv")
    links = [link for link in links if link["occupationUri"] in by_uri]
    skill_columns, all_skills = _rows(release, "skills_en.csv")
    uris = {s["conceptUri"] for s in all_skills if s["preferredLabel"] in skills}
    for occupation in by_uri:
        essential = [
            x
            for x in links
            if x["occupationUri"] == occupation and x["relationType"] == "essential"
        ]
        uris.update(x["skillUri"] for x in essential[:essential_per])
    chosen_skills = [s for s in all_skills if s["conceptUri"] in uris]
    links = [link for link in links if link["skillUri"] in uris]
    edge_columns, edges = _rows(release, "broaderRelationsSkillPillar.csv")
    group_columns, groups = _rows(release, "skillGroups_en.csv")
    group_uris = {g["conceptUri"] for g in groups}
    edges = [e for e in edges if e["conceptUri"] in uris | group_uris]
    target.mkdir(parents=True, exist_ok=True)
    _write(
        target / EN_ZIP,
        {
            "skills_en.csv": (skill_columns, chosen_skills),
            "skillGroups_en.csv": (group_columns, groups),
            "occupations_en.csv": (occupation_columns, chosen_occupations),
        },
    )
    _write(
        target / RELATIONS_ZIP,
        {
            "occupationSkillRelations.csv": (link_columns, links),
            "broaderRelationsSkillPillar.csv": (edge_columns, edges),
        },
    )
    return target


def skill_make(label: str, *, uri: str = "", **fields) -> Skill:
    """A skill named so (its URI made from the label unless given)."""
    return Skill.objects.create(
        uri=uri or f"http://example.org/skill/{label}", label=label, **fields
    )


def occupation_make(label: str, *, uri: str = "", **fields) -> Occupation:
    uri = uri or f"http://example.org/occupation/{label}"
    return Occupation.objects.create(uri=uri, label=label, **fields)


def skill_group_make(label: str, *, uri: str = "", **fields) -> SkillGroup:
    uri = uri or f"http://example.org/group/{label}"
    return SkillGroup.objects.create(uri=uri, label=label, **fields)


def requirement_make(occupation: Occupation, skill: Skill, relation: str = "essential"):
    """The occupation needs the skill (essential or optional)."""
    return OccupationSkill.objects.create(occupation=occupation, skill=skill, relation=relation)


def alias_make(concept, text: str, *, language: str = "ru", source: str = "operator") -> SkillAlias:
    """Another name of a skill or occupation, stored as is (no audit, no label refresh)."""
    return SkillAlias.objects.create(uri=concept.uri, language=language, text=text, source=source)
