"""The Russian names the team wrote: every data file names real ESCO concepts, all 640 groups are
named, distinct skills never share a Russian label, typed names resolve or get "did you mean"."""

import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

from edcluster.core.text import fold_spaces
from edcluster.skills.models import Skill, SkillAlias, SkillGroup
from edcluster.skills.selectors import skill_named, skill_resolve, skill_search
from edcluster.skills.services import ESCO_DIRECTORY, Release, starter_aliases_load, team_rows
from edcluster.skills.services.aliases import label_clashes, shadowed_drop
from edcluster.skills.tests.factories import skill_make

EVERYDAY = Path(__file__).parent / "data" / "everyday_ru.txt"
FILES = {
    "skill": "skills_en.csv",
    "group": "skillGroups_en.csv",
    "occupation": "occupations_en.csv",
}


@pytest.fixture(scope="module")
def esco_uris() -> dict[str, dict[str, list[str]]]:
    """kind → folded ESCO preferred label → URIs, read from the shipped release."""
    release, found = Release(ESCO_DIRECTORY), {}
    for kind, name in FILES.items():
        labels: dict[str, list[str]] = defaultdict(list)
        for row in release.rows(name):
            labels[fold_spaces(row["preferredLabel"])].append(row["conceptUri"])
        found[kind] = labels
    return found


def test_every_line_of_the_data_files_names_an_esco_concept(esco_uris):
    rows = team_rows()
    unknown = [r.where() for r in rows if fold_spaces(r.label) not in esco_uris.get(r.kind, {})]
    assert unknown == []
    assert all(row.names for row in rows)


def test_all_640_skill_groups_have_a_russian_name(esco_uris):
    named = {
        uri
        for row in team_rows()
        if row.kind == "group"
        for uri in esco_uris["group"][fold_spaces(row.label)]
    }
    assert len(named) == 640


def test_distinct_skills_never_share_a_russian_label_in_the_data_files(esco_uris):
    wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in team_rows():
        for uri in esco_uris.get(row.kind, {}).get(fold_spaces(row.label), []):
            wanted[uri] += [(name, row.origin) for name in row.names]
    assert label_clashes(wanted, set().union(*esco_uris["skill"].values())) == []


def test_a_shared_label_is_caught_and_an_alias_naming_another_skill_is_dropped():
    wanted = {
        "a": [("управление проектами", "x"), ("проекты", "x")],
        "b": [("Управление  проектами", "y")],
        "c": [("проекты", "y"), ("управление проектами", "y"), ("проектная работа", "y")],
    }
    assert label_clashes(wanted, {"a", "b", "c"}) == ["«управление проектами»: 2 skills"]
    assert shadowed_drop(wanted, {"a", "c"}) == ["x «проекты»", "y «управление проектами»"]
    assert wanted["c"] == [("проекты", "y"), ("проектная работа", "y")]


def test_the_loader_reads_every_file_records_its_origin_and_reports_unknown_labels(
    taxonomy, tmp_path
):
    (tmp_path / "aliases_ru.tsv").write_text(
        "# comment\nskill\tSQL\tSQL;язык запросов SQL\n", encoding="utf-8"
    )
    (tmp_path / "aliases_ru_skills_9.tsv").write_text(
        "skill\tchemistry \tхимия;химическая наука\n"  # ESCO labels may end with a space
        "skill\tno such skill\tнет такого\n"
        "group\tinformation skills\tинформационные навыки\n",
        encoding="utf-8",
    )
    files = sorted(tmp_path.glob("aliases_ru*.tsv"))
    loaded = starter_aliases_load(paths=files)
    assert loaded.unknown == ["aliases_ru_skills_9.tsv:2 skill “no such skill” (label)"]
    assert "1 labels not in ESCO" in loaded.summary()
    chemistry = Skill.objects.get(label="chemistry")
    assert chemistry.label_ru == "химия"
    origin = SkillAlias.objects.get(uri=chemistry.uri, text="химическая наука")
    assert (origin.source, origin.origin) == ("edcluster", "aliases_ru_skills_9.tsv")
    with translation.override("en"):
        assert origin.get_source_display() == "written by the edcluster team"
    groups = SkillGroup.objects.filter(label="information skills")  # one label, three groups
    assert {g.label_ru for g in groups} == {"информационные навыки"}
    # a name struck from a file goes; the others stay; a reload changes nothing
    (tmp_path / "aliases_ru_skills_9.tsv").write_text(
        "skill\tchemistry\tхимическая наука\n", encoding="utf-8"
    )
    starter_aliases_load(paths=files)
    chemistry.refresh_from_db()
    assert chemistry.label_ru == "химическая наука"
    assert not SkillAlias.objects.filter(uri=chemistry.uri, text="химия").exists()
    again = starter_aliases_load(paths=files)
    assert (again.added, again.removed) == (0, 0)


def test_inflected_names_resolve_and_search(taxonomy):
    assert getattr(skill_named("программированию"), "label", None) == "computer programming"
    assert getattr(skill_named("питоном"), "label", None) == "Python (computer programming)"
    found = skill_search(query="компьютерного программирования")
    assert "computer programming" in [s.label for s in found[:3]]


def test_an_unknown_name_gets_did_you_mean(taxonomy):
    resolved = skill_resolve("программирование на питон и джаве")
    assert resolved.concept is None
    assert resolved.suggestions  # the skills holding most of its words
    assert skill_resolve("хемия").suggestions[0].label == "chemistry"  # spelled alike


def test_a_name_two_skills_share_offers_both(taxonomy):
    sql, chemistry = Skill.objects.get(label="SQL"), Skill.objects.get(label="chemistry")
    for skill in (sql, chemistry):
        SkillAlias.objects.create(
            uri=skill.uri, language="ru", text="общий навык", source="operator"
        )
    resolved = skill_resolve("общий навык")
    assert resolved.concept is None
    assert {s.label for s in resolved.suggestions} == {"SQL", "chemistry"}


def test_a_page_marks_an_english_fallback(taxonomy):
    template = Template("{% load skills %}{{ skill|named }}")
    unnamed = skill_make("operate a glassblowing lathe")  # no Russian name written for it
    with translation.override("ru"):
        html = template.render(Context({"skill": unnamed}))
        named = template.render(Context({"skill": Skill.objects.get(label="SQL")}))
    assert f'<span lang="en" class="fallback">{unnamed.label}</span>' in html
    assert "(англ.)" in html
    assert named == "SQL"
    with translation.override("en"):
        assert template.render(Context({"skill": unnamed})) == unnamed.label


@pytest.mark.django_db(transaction=False)
def test_the_200_everyday_terms_resolve_to_their_skills():
    call_command("skills_load", verbosity=0)
    terms = [
        line.rstrip("\n").split("\t")
        for line in EVERYDAY.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(terms) >= 200
    wrong = [
        (term, label, getattr(skill_named(term), "label", None))
        for term, label in terms
        if getattr(skill_named(term), "label", None) != label
    ]
    assert wrong == []
    assert skill_named("промышленной безопасности") is not None


def test_the_report_prints_coverage_and_fails_strictly_on_a_shared_label(taxonomy):
    out = io.StringIO()
    call_command("skills_ru_report", stdout=out, stderr=io.StringIO())  # the mini release
    assert "skill groups with a Russian name: 640 of 640 (100.0%)" in out.getvalue()
    assert "skills essential to an occupation of ISCO major groups 1–3:" in out.getvalue()
    Skill.objects.filter(label="chemistry").update(label_ru="SQL")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("skills_ru_report", "--strict", stdout=io.StringIO(), stderr=errors)
    assert "Russian label «sql» shared by SQL, chemistry" in errors.getvalue()


def test_a_name_two_files_give_to_two_skills_goes_to_the_first_files(taxonomy, tmp_path):
    (tmp_path / "aliases_ru.tsv").write_text("skill\tSQL\tязык SQL;базы\n", encoding="utf-8")
    (tmp_path / "aliases_ru_skills_1.tsv").write_text(
        "skill\tchemistry\tхимия;базы\n", encoding="utf-8"
    )
    starter_aliases_load(paths=sorted(tmp_path.glob("*.tsv")))
    assert getattr(skill_named("базы"), "label", None) == "SQL"
