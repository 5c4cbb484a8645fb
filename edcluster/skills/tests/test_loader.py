import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from edcluster.skills.models import (
    Broader,
    Occupation,
    OccupationSkill,
    Skill,
    SkillAlias,
    SkillGroup,
    Taxonomy,
)
from edcluster.skills.services import esco_load, starter_aliases_load, starter_rows
from edcluster.skills.tests.factories import EN_ZIP, cut_release


@pytest.mark.django_db(transaction=False)
def test_the_shipped_esco_release_loads_whole_and_again_without_change():
    out = io.StringIO()
    call_command("skills_load", stdout=out)
    assert Skill.objects.count() == 13_896
    assert Occupation.objects.count() == 3_007
    assert SkillGroup.objects.count() == 640
    assert Skill.objects.filter(kind="knowledge").count() == 3_059
    # 123,855 rows, of which 67 repeat an (occupation, skill) pair
    assert OccupationSkill.objects.count() == 123_788
    assert OccupationSkill.objects.filter(relation="essential").exists()
    assert Broader.objects.count() == 20_656
    assert Taxonomy.objects.get(name="esco").version == "1.1.1"
    python = Skill.objects.get(label="Python (computer programming)")
    assert python.label_ru == "Python"
    developer = Occupation.objects.get(label="software developer")
    assert developer.isco_code == "2512"
    assert developer.label_ru == "разработчик программного обеспечения"
    starter = SkillAlias.objects.filter(source="edcluster")
    assert (
        starter.filter(uri__in=Skill.objects.values("uri")).values("uri").distinct().count() >= 500
    )
    assert (
        starter.filter(uri__in=Occupation.objects.values("uri")).values("uri").distinct().count()
        >= 150
    )
    assert "changed: skills 13,896" in out.getvalue()
    again = io.StringIO()
    call_command("skills_load", stdout=again)
    assert "changed: nothing" in again.getvalue()
    assert "; 0 new, 0 removed" in again.getvalue()


def test_every_starter_alias_names_a_concept_of_the_release():
    rows = starter_rows()
    assert all(kind in {"skill", "group", "occupation"} and names for kind, _label, names in rows)
    assert len({label for kind, label, _names in rows if kind == "skill"}) >= 500
    assert len({label for kind, label, _names in rows if kind == "occupation"}) >= 150


def _rewrite(release, name: str, change) -> None:
    """Change one CSV inside the release's archive (as a later ESCO version would)."""
    archive = release / EN_ZIP
    with zipfile.ZipFile(archive) as opened:
        members = {n: opened.read(n).decode() for n in opened.namelist()}
    rows = list(csv.DictReader(io.StringIO(members[name])))
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
    members[name] = out.getvalue()
    with zipfile.ZipFile(archive, "w") as opened:
        for member, text in members.items():
            opened.writestr(member, text)


def test_a_later_release_updates_adds_and_retires_by_uri(db, tmp_path):
    release = cut_release(tmp_path / "esco-v1.1.1")
    esco_load(directory=release)
    python = Skill.objects.get(label="Python (computer programming)")
    java = Skill.objects.get(label="Java (computer programming)")
    newer = cut_release(tmp_path / "esco-v1.2.0")

    def change(rows):
        for row in rows:
            if row["preferredLabel"] == "Python (computer programming)":
                row["description"] = "Changed in the new release."
        rows = [row for row in rows if row["preferredLabel"] != "Java (computer programming)"]
        return [
            *rows,
            {
                **rows[0],
                "conceptUri": "http://data.europa.eu/esco/skill/new-one",
                "preferredLabel": "a skill new in 1.2",
            },
        ]

    _rewrite(newer, "skills_en.csv", change)
    loaded = esco_load(directory=newer)
    python.refresh_from_db()
    java.refresh_from_db()
    assert python.description == "Changed in the new release."
    assert python.version == "1.2.0"
    assert java.obsolete is True  # kept: links made elsewhere stay valid
    assert Skill.objects.get(label="a skill new in 1.2").version == "1.2.0"
    assert loaded.changed["skills"] == Skill.objects.count()  # every row carries the release
    assert Taxonomy.objects.get(name="esco").version == "1.2.0"


def test_operators_aliases_survive_a_reload_of_the_starter_set(taxonomy, operator):
    from edcluster.skills.services import alias_create

    python = Skill.objects.get(label="Python (computer programming)")
    alias_create(uri=python.uri, language="ru", text="змеиный язык", actor=operator)
    result = starter_aliases_load()
    assert result.added == 0
    assert SkillAlias.objects.filter(uri=python.uri, source="operator").count() == 1
