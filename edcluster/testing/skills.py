"""A small ESCO release cut from the real one (same files, same columns), for fast tests: the
fixtures `mini_release` and `taxonomy` (loaded), for every app's tests (registered in the
root conftest.py)."""

import csv
import io
import zipfile
from pathlib import Path

import pytest

from edcluster.skills.loader import ESCO_DIRECTORY, Release

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


@pytest.fixture(scope="session")
def mini_release(tmp_path_factory) -> Path:
    return cut_release(tmp_path_factory.mktemp("esco") / "esco-v1.1.1-mini")


@pytest.fixture
def taxonomy(db, mini_release):
    from edcluster.skills.aliases import starter_aliases_load
    from edcluster.skills.loader import esco_load

    loaded = esco_load(directory=mini_release)
    starter_aliases_load()
    return loaded
