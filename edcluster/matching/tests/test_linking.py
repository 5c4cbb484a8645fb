"""Products linked to the skills their learning outcomes teach; editors' decisions stick."""

import io

import pytest
from django.core.management import call_command

from edcluster.accounts.tests.factories import api_token_make
from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product
from edcluster.core.models import AuditEntry
from edcluster.matching.models import ProductSkill
from edcluster.matching.services import linking
from edcluster.matching.services import product_skills as skills_service
from edcluster.skills.models import Skill

PYTHON = "Python (computer programming)"


@pytest.fixture
def lexical(settings, tmp_path, taxonomy):
    settings.SKILLS_CACHE_DIR = tmp_path  # no vectors: the names written out are found
    return taxonomy


def _links(product) -> dict[str, tuple[str, str]]:
    return {
        link.skill.label: (link.origin, link.decision)
        for link in ProductSkill.objects.filter(product=product).select_related("skill")
    }


def _create(organization, user, outcomes, capture):
    with capture(execute=True):
        return catalog.product_create(
            owner=organization,
            actor=user,
            fields={"kind": "short_course", "title_ru": "Курс"},
            outcomes=outcomes,
        )


def test_outcomes_are_linked_when_saved_and_decisions_survive_relinking(
    lexical, organization, member_editor, django_capture_on_commit_callbacks
):
    product = _create(
        organization,
        member_editor,
        [
            ("Программирование на Python", "ru"),
            ("Пишет запросы SQL к базам данных", "ru"),
        ],
        django_capture_on_commit_callbacks,
    )
    links = _links(product)
    assert links[PYTHON] == ("extractor", "")
    assert links["SQL"] == ("extractor", "")
    python = ProductSkill.objects.get(product=product, skill__label=PYTHON)
    assert python.outcome is not None
    assert python.outcome.position == 1
    assert "Python" in python.evidence
    from edcluster.matching.services.product_skills import skill_decide

    sql = Skill.objects.get(label="SQL")
    skill_decide(product=product, skill=sql, actor=member_editor, decision="removed")
    skill_decide(product=product, skill=python.skill, actor=member_editor, decision="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        catalog.product_update(
            product=product,
            actor=member_editor,
            fields={},
            outcomes=[
                ("Применяет машинное обучение", "ru"),
                ("Пишет запросы SQL", "ru"),
            ],
        )
    links = _links(product)
    assert links[PYTHON] == ("extractor", "confirmed")  # no longer found, but confirmed
    assert links["SQL"] == ("extractor", "removed")  # found again, stays removed
    assert links["machine learning"] == ("extractor", "")
    assert AuditEntry.objects.filter(verb="product.skill_decided").count() == 2


def test_unreviewed_links_no_longer_found_go(
    lexical, organization, member_editor, django_capture_on_commit_callbacks
):
    product = _create(
        organization,
        member_editor,
        [("Программирование на Python", "ru")],
        django_capture_on_commit_callbacks,
    )
    assert PYTHON in _links(product)
    with django_capture_on_commit_callbacks(execute=True):
        catalog.product_update(
            product=product,
            actor=member_editor,
            fields={},
            outcomes=[("Химия и лабораторные испытания", "ru")],
        )
    assert PYTHON not in _links(product)
    assert "chemistry" in _links(product)


def test_recompute_is_idempotent(lexical, organization, member_editor):
    catalog.product_create(  # no commit callbacks here: the recompute finds it
        owner=organization,
        actor=member_editor,
        fields={"kind": "short_course", "title_ru": "Курс"},
        outcomes=[("Программирование на Python", "ru")],
    )
    first, second = io.StringIO(), io.StringIO()
    call_command("matching_recompute", stdout=first)
    links = list(ProductSkill.objects.values_list("product_id", "skill_id", "origin", "score"))
    call_command("matching_recompute", stdout=second)
    assert "1 products linked, 0 unchanged" in first.getvalue()
    assert "0 products linked, 1 unchanged" in second.getvalue()
    assert (
        list(ProductSkill.objects.values_list("product_id", "skill_id", "origin", "score")) == links
    )
    assert links


def test_editors_add_confirm_and_remove_on_the_product_page(
    lexical,
    organization,
    member_editor,
    member_editor_client,
    member_viewer_client,
    django_capture_on_commit_callbacks,
):
    product = _create(
        organization,
        member_editor,
        [("Программирование на Python", "ru")],
        django_capture_on_commit_callbacks,
    )
    url = f"/en/matching/products/{product.slug}/skills/"
    added = member_editor_client.post(url, {"skill": "статистика"}, headers={"HX-Request": "true"})
    assert added.status_code == 200
    assert 'id="product-skills"' in added.content.decode()
    assert _links(product)["statistics"] == ("editor", "confirmed")
    unknown = member_editor_client.post(url, {"skill": "pythn"})
    assert unknown.status_code == 400
    assert "No skill is called “pythn”. Did you mean: Python (computer programming)" in (
        unknown.content.decode()
    )
    russian = member_editor_client.post(
        f"/ru/matching/products/{product.slug}/skills/", {"skill": "програмирование на питоне"}
    )
    assert "Возможно, имелось в виду: Python" in russian.content.decode()
    python = Skill.objects.get(label=PYTHON)
    removed = member_editor_client.post(f"{url}{python.pk}/", {"decision": "removed"})
    assert removed.status_code == 302
    assert _links(product)[PYTHON] == ("extractor", "removed")
    assert member_viewer_client.post(url, {"skill": "SQL"}).status_code == 403
    page = member_editor_client.get(f"/en/catalog/{product.slug}/").content.decode()
    assert "Skills taught" in page
    assert "restore" in page  # the editor sees the removed skill to restore it
    viewer_page = member_viewer_client.get(f"/en/catalog/{product.slug}/").content.decode()
    assert "restore" not in viewer_page


def test_the_api_lists_adds_and_decides(
    lexical,
    organization,
    member_editor,
    operator,
    member_editor_client,
    anonymous_client,
    django_capture_on_commit_callbacks,
):
    product = _create(
        organization,
        member_editor,
        [("Программирование на Python", "ru")],
        django_capture_on_commit_callbacks,
    )
    base = f"/api/matching/products/{product.slug}/skills"
    assert anonymous_client.get(base).status_code == 404  # a draft
    added = member_editor_client.post(
        base, {"skill": Skill.objects.get(label="SQL").uri}, content_type="application/json"
    )
    assert added.status_code == 201, added.content
    assert (added.json()["origin"], added.json()["decision"]) == ("editor", "confirmed")
    python = Skill.objects.get(label=PYTHON)
    decided = member_editor_client.post(
        f"{base}/{python.pk}", {"decision": "removed"}, content_type="application/json"
    )
    assert decided.json()["decision"] == "removed"
    listed = {item["label"]: item["decision"] for item in member_editor_client.get(base).json()}
    assert listed == {PYTHON: "removed", "SQL": "confirmed"}
    unknown = member_editor_client.post(
        base, {"skill": "http://example.org/none"}, content_type="application/json"
    )
    assert unknown.status_code == 404
    by_name = member_editor_client.post(
        base, {"skill": "статистикой"}, content_type="application/json"
    )
    assert by_name.status_code == 201, by_name.content  # a name, in any form, works as well
    unnamed = member_editor_client.post(
        base, {"skill": "pythn"}, content_type="application/json", headers={"Accept-Language": "en"}
    )
    assert unnamed.status_code == 400
    assert "Did you mean: Python (computer programming)" in unnamed.json()["errors"]["skill"][0]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.PUBLISHED)
    public = anonymous_client.get(base).json()
    assert sorted(item["label"] for item in public) == ["SQL", "statistics"]  # not the removed


def test_an_editors_token_lists_the_drafts_skills_with_the_removed_ones(
    lexical, organization, member_editor, client, django_capture_on_commit_callbacks
):
    product = _create(
        organization,
        member_editor,
        [("Программирование на Python", "ru")],
        django_capture_on_commit_callbacks,
    )
    python = Skill.objects.get(label=PYTHON)
    skills_service.skill_decide(
        product=product, skill=python, actor=member_editor, decision="removed"
    )
    _token, secret = api_token_make(member_editor)
    listed = client.get(
        f"/api/matching/products/{product.slug}/skills",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert listed.status_code == 200, listed.content  # the draft is the editor's own
    assert {item["label"]: item["decision"] for item in listed.json()} == {PYTHON: "removed"}
    wrong = client.get(
        f"/api/matching/products/{product.slug}/skills",
        headers={"Authorization": "Bearer edc_wrong"},
    )
    assert wrong.status_code == 401  # a wrong token is refused, never read as anonymous


def test_a_skill_found_again_takes_its_new_outcome(
    lexical, organization, member_editor, django_capture_on_commit_callbacks
):
    product = _create(
        organization,
        member_editor,
        [
            ("Программирование на Python", "ru"),
            ("Пишет запросы SQL к базам данных", "ru"),
        ],
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        catalog.product_update(
            product=product,
            actor=member_editor,
            fields={},
            outcomes=[
                ("Пишет запросы SQL к базам данных", "ru"),
                ("Программирование на Python для Django", "ru"),
            ],
        )
    where = dict(
        ProductSkill.objects.filter(product=product).values_list(
            "skill__label", "outcome__position"
        )
    )
    assert (where[PYTHON], where["SQL"]) == (2, 1)  # each updated from its own outcome


def test_links_found_by_names_only_are_extracted_again_once_the_vectors_are_ready(
    lexical, organization, member_editor, monkeypatch
):
    """`make run` links the demo products before the skill vectors are built: the recompute
    that follows the vectors must not call those products unchanged."""
    catalog.product_create(
        owner=organization,
        actor=member_editor,
        fields={"kind": "short_course", "title_ru": "Курс"},
        outcomes=[("Программирование на Python", "ru")],
    )
    first, again, with_vectors, after = (io.StringIO() for _ in range(4))
    call_command("matching_recompute", stdout=first)
    call_command("matching_recompute", stdout=again)
    names_only = linking.extractor()

    class WithVectors:
        dense = True
        extract_many = staticmethod(names_only.extract_many)

    monkeypatch.setattr(linking, "extractor", WithVectors)
    call_command("matching_recompute", stdout=with_vectors)
    call_command("matching_recompute", stdout=after)
    assert "1 products linked, 0 unchanged" in first.getvalue()
    assert "0 products linked, 1 unchanged" in again.getvalue()
    assert "1 products linked, 0 unchanged" in with_vectors.getvalue()
    assert "0 products linked, 1 unchanged" in after.getvalue()
