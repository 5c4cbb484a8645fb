import pytest

from edcluster.skills.models import Occupation, Skill, SkillAlias


def test_the_taxonomy_pages_are_public_and_bilingual(taxonomy, anonymous_client):
    page = anonymous_client.get("/ru/skills/", {"q": "python"})
    assert page.status_code == 200
    assert "Python" in page.content.decode()
    fragment = anonymous_client.get(
        "/ru/skills/", {"q": "программист", "what": "occupations"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.content.decode()
    assert "разработчик программного обеспечения" in fragment.content.decode()
    python = Skill.objects.get(label="Python (computer programming)")
    english = anonymous_client.get(f"/en/skills/{python.pk}/").content.decode()
    assert "Python (computer programming)" in english
    assert "Occupations that need it" in english
    developer = Occupation.objects.get(label="software developer")
    russian = anonymous_client.get(f"/ru/skills/occupations/{developer.pk}/").content.decode()
    assert "разработчик программного обеспечения" in russian
    assert "Добавить название" not in russian  # not an operator


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous_client", 302),
        ("member_admin_client", 403),
        ("operator_client", 302),
    ],
)
def test_only_operators_add_names_on_the_page(request, taxonomy, persona, status):
    developer = Occupation.objects.get(label="software developer")
    client = request.getfixturevalue(persona)
    response = client.post(
        f"/ru/skills/occupations/{developer.pk}/aliases/", {"language": "ru", "text": "кодер"}
    )
    assert response.status_code == status
    added = SkillAlias.objects.filter(text="кодер", uri=developer.uri).exists()
    assert added is (persona == "operator_client")
    if added:
        assert response["Location"] == f"/ru/skills/occupations/{developer.pk}/"


def test_a_bad_name_comes_back_with_its_message(taxonomy, operator_client):
    python = Skill.objects.get(label="Python (computer programming)")
    response = operator_client.post(
        f"/ru/skills/{python.pk}/aliases/", {"language": "ru", "text": "Python"}
    )
    assert response.status_code == 400
    assert "уже есть" in response.content.decode()
    assert SkillAlias.objects.filter(uri=python.uri, language="ru", text="Python").count() == 1


def test_operators_edit_and_remove_names_on_the_page(taxonomy, operator_client, operator):
    from edcluster.skills.services import alias_create

    python = Skill.objects.get(label="Python (computer programming)")
    alias = alias_create(uri=python.uri, language="ru", text="змеиный язык", actor=operator)
    form = operator_client.get(f"/ru/skills/aliases/{alias.pk}/")
    assert form.status_code == 200
    saved = operator_client.post(f"/ru/skills/aliases/{alias.pk}/", {"text": "Питон 3"})
    assert saved.status_code == 302
    alias.refresh_from_db()
    assert alias.text == "Питон 3"
    removed = operator_client.post(f"/ru/skills/aliases/{alias.pk}/delete/")
    assert removed.status_code == 302
    assert not SkillAlias.objects.filter(pk=alias.pk).exists()


def test_the_extraction_page(taxonomy, settings, tmp_path, outsider_client, anonymous_client):
    settings.SKILLS_CACHE_DIR = tmp_path
    assert anonymous_client.get("/ru/skills/extract/").status_code == 302
    empty = outsider_client.post("/ru/skills/extract/", {"text": ""})
    assert empty.status_code == 400
    page = outsider_client.post("/en/skills/extract/", {"text": "Strong SQL skills."})
    assert page.status_code == 200
    html = page.content.decode()
    assert ">SQL</a>" in html
    assert "lexical" in html
    assert "vectors are not built yet" in html


def test_russian_pages_list_the_concepts_with_a_russian_name_first(taxonomy, client):
    from edcluster.skills.models import Skill

    unnamed, named = Skill.objects.filter(obsolete=False).order_by("label")[:2]
    Skill.objects.filter(pk=unnamed.pk).update(label_ru="")
    Skill.objects.filter(pk=named.pk).update(label_ru="Яблочный навык")
    Skill.objects.exclude(pk__in=[named.pk, unnamed.pk]).update(obsolete=True)
    russian = client.get("/ru/skills/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert russian.index("Яблочный навык") < russian.index(unnamed.label)
    english = client.get("/en/skills/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.index(unnamed.label) < english.index(named.label)
