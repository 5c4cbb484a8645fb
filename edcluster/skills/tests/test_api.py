import pytest

from edcluster.core.models import AuditEntry
from edcluster.skills.models import Occupation, Skill, SkillAlias
from edcluster.skills.tests.factories import skill_make


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_taxonomy_is_searched_in_russian_and_english(taxonomy, anonymous_client):
    russian = anonymous_client.get("/api/skills", {"q": "программирование на python"}).json()
    assert [s["label"] for s in russian["items"]] == ["Python (computer programming)"]
    english = anonymous_client.get("/api/skills", {"q": "python"}).json()
    assert english["items"][0]["label"] == "Python (computer programming)"
    assert english["items"][0]["label_ru"] == "Python"
    knowledge = anonymous_client.get("/api/skills", {"q": "p", "kind": "knowledge"}).json()
    assert knowledge["count"]
    assert {s["kind"] for s in knowledge["items"]} == {"knowledge"}
    jobs = anonymous_client.get("/api/skills/occupations", {"q": "программист"}).json()
    assert [o["label"] for o in jobs["items"]] == ["software developer"]


def test_a_skill_shows_its_names_groups_and_occupations(taxonomy, anonymous_client):
    python = Skill.objects.get(label="Python (computer programming)")
    body = anonymous_client.get(f"/api/skills/{python.pk}").json()
    assert {
        "language": "ru",
        "text": "программирование на Python",
        "source": "edcluster",
    }.items() <= next(
        a for a in body["aliases"] if a["text"] == "программирование на Python"
    ).items()
    assert any(a["source"] == "esco" and a["text"] == "Python3" for a in body["aliases"])
    assert body["group_paths"]
    assert all(path for path in body["group_paths"])
    assert "knowledge" in {path[0]["label"] for path in body["group_paths"]}
    assert any(
        step["label"] == "computer programming" for path in body["group_paths"] for step in path
    )
    needing = {(n["occupation"]["label"], n["relation"]) for n in body["occupations"]}
    assert ("software developer", "optional") in needing  # as ESCO v1.1.1 says


def test_an_occupation_lists_essential_and_optional_skills(taxonomy, anonymous_client):
    developer = Occupation.objects.get(label="software developer")
    body = anonymous_client.get(f"/api/skills/occupations/{developer.pk}").json()
    assert body["isco_code"] == "2512"
    assert {link["relation"] for link in body["skills"]} <= {"essential", "optional"}
    assert sum(link["relation"] == "essential" for link in body["skills"]) >= 1
    assert anonymous_client.get("/api/skills/occupations/999999").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous_client", 401),
        ("outsider_client", 200),
        ("member_viewer_client", 200),
        ("operator_client", 200),
    ],
)
def test_extraction_is_for_signed_in_people(request, taxonomy, settings, tmp_path, persona, status):
    settings.SKILLS_CACHE_DIR = tmp_path
    client = request.getfixturevalue(persona)
    response = post(client, "/api/skills/extract", {"text": "Нужен опыт с SQL."})
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["dense"] is False
        assert [(s["label"], s["evidence"], s["method"]) for s in body["skills"]] == [
            ("SQL", "SQL", "lexical")
        ]
        assert body["skills"][0]["start"] == len("Нужен опыт с ")


def test_extraction_refuses_empty_and_huge_texts(taxonomy, outsider_client):
    empty = post(outsider_client, "/api/skills/extract", {"text": ""})
    assert empty.status_code == 422
    huge = post(outsider_client, "/api/skills/extract", {"text": "x" * 50_001})
    assert huge.status_code == 413
    assert "text" in huge.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous_client", 401),
        ("outsider_client", 403),
        ("member_admin_client", 403),
        ("operator_client", 201),
    ],
)
def test_only_operators_add_aliases(request, taxonomy, persona, status):
    python = Skill.objects.get(label="Python (computer programming)")
    client = request.getfixturevalue(persona)
    response = post(
        client, "/api/skills/aliases", {"uri": python.uri, "language": "ru", "text": "змеиный язык"}
    )
    assert response.status_code == status
    assert SkillAlias.objects.filter(text="змеиный язык").exists() is (status == 201)
    assert AuditEntry.objects.filter(verb="skills.alias_added").exists() is (status == 201)


def test_alias_mistakes_name_the_field_and_change_nothing(taxonomy, operator_client):
    before = SkillAlias.objects.count()
    unknown = post(
        operator_client,
        "/api/skills/aliases",
        {"uri": "http://example.org/none", "language": "ru", "text": "x"},
    )
    assert unknown.status_code == 400
    assert "uri" in unknown.json()["errors"]
    python = Skill.objects.get(label="Python (computer programming)")
    twice = post(
        operator_client,
        "/api/skills/aliases",
        {"uri": python.uri, "language": "ru", "text": "ПРОГРАММИРОВАНИЕ на  python"},
    )
    assert twice.status_code == 400
    assert "text" in twice.json()["errors"]
    language = post(
        operator_client,
        "/api/skills/aliases",
        {"uri": python.uri, "language": "de", "text": "Python-Programmierung"},
    )
    assert language.status_code == 422
    assert SkillAlias.objects.count() == before


def test_operators_edit_and_remove_their_aliases_but_not_escos(
    taxonomy, operator_client, member_admin_client
):
    python = Skill.objects.get(label="Python (computer programming)")
    created = post(
        operator_client,
        "/api/skills/aliases",
        {"uri": python.uri, "language": "ru", "text": "змеиный язык"},
    ).json()
    url = f"/api/skills/aliases/{created['id']}"
    assert (
        member_admin_client.patch(url, {"text": "x"}, content_type="application/json").status_code
        == 403
    )
    changed = operator_client.patch(
        url, {"text": "Змеиный язык Python"}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["text"] == "Змеиный язык Python"
    esco = SkillAlias.objects.filter(source="esco").first()
    assert esco is not None
    assert operator_client.delete(f"/api/skills/aliases/{esco.pk}").status_code == 404
    assert operator_client.delete(url).status_code == 204
    assert not SkillAlias.objects.filter(pk=created["id"]).exists()
    assert AuditEntry.objects.filter(verb="skills.alias_removed").count() == 1
    python.refresh_from_db()
    assert python.label_ru == "Python"  # the first Russian name stays the label


def test_the_first_russian_alias_becomes_the_label(taxonomy, operator_client):
    group_free = skill_make("operate a glassblowing lathe")  # no Russian name written for it
    created = post(
        operator_client,
        "/api/skills/aliases",
        {"uri": group_free.uri, "language": "ru", "text": "новое имя"},
    ).json()
    group_free.refresh_from_db()
    assert group_free.label_ru == "новое имя"
    operator_client.delete(f"/api/skills/aliases/{created['id']}")
    group_free.refresh_from_db()
    assert group_free.label_ru == ""
