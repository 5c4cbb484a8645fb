import re
from io import StringIO

from django.core.management import call_command

from edcluster.accounts.models import User
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make

JOIN = {
    "kind": "non_profit",
    "name_ru": "Фонд",
    "name_en": "Foundation",
    "country": "RU",
    "admin_email": "head@fund.example",
    "admin_first_name": "Анна",
    "admin_last_name": "Иванова",
    "admin_password": "Str0ng-pass-2026!",
}


def test_joining_creates_an_application_and_its_administrator(db, client):
    response = client.post("/en/organizations/join/", JOIN)
    assert response.status_code == 200
    assert b"Check your mail" in response.content
    organization = Organization.objects.get(name_en="Foundation")
    assert organization.status == "applied"
    assert organization.memberships.get().user.email == "head@fund.example"


def test_a_weak_password_shows_the_form_again_and_saves_nothing(db, client):
    response = client.post("/en/organizations/join/", JOIN | {"admin_password": "123"})
    assert response.status_code == 400
    assert b'id="id_admin_password_error"' in response.content
    assert b'value="Foundation"' in response.content  # what was typed is kept
    assert Organization.objects.count() == 0
    assert User.objects.count() == 0


def test_a_bad_edit_shows_the_messages_and_changes_nothing(
    db, organization, other_organization, member_editor_client
):
    other_organization.internet_domain = "globex.example"
    other_organization.save()
    response = member_editor_client.post(
        "/en/organizations/acme/edit/",
        {"name_ru": "", "name_en": "Renamed", "country": "RU", "internet_domain": "globex.example"},
    )
    assert response.status_code == 400
    assert b'id="id_name_ru_error"' in response.content
    organization.refresh_from_db()
    assert (organization.name_en, organization.internet_domain) == (
        "Organization acme",
        "acme.example",
    )


def test_a_taken_domain_is_reported_on_its_field(
    db, organization, other_organization, member_editor_client
):
    other_organization.internet_domain = "globex.example"
    other_organization.save()
    response = member_editor_client.post(
        "/en/organizations/acme/edit/",
        {
            "name_ru": "Акме",
            "name_en": "Acme",
            "country": "RU",
            "internet_domain": "globex.example",
        },
    )
    assert response.status_code == 400
    assert b'id="id_internet_domain_error"' in response.content
    organization.refresh_from_db()
    assert organization.internet_domain == "acme.example"


def test_htmx_gets_only_the_results(db, organization, client):
    response = client.get("/en/organizations/?q=acme", HTTP_HX_REQUEST="true")
    assert response.content.lstrip().startswith(b'<div id="results"')
    assert b"Organization acme" in response.content
    assert b"<html" not in response.content


def test_the_operator_admits_from_the_review_queue(db, operator_client):
    applicant = Organization.objects.create(
        slug="newcomer", name_ru="Новичок", name_en="Newcomer", kind="university"
    )
    queue = operator_client.get("/en/organizations/review/")
    assert b"Newcomer" in queue.content
    response = operator_client.post("/en/organizations/newcomer/status/", {"status": "admitted"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == "admitted"


def test_declining_without_a_reason_says_so(db, operator_client):
    applicant = Organization.objects.create(
        slug="newcomer", name_ru="Новичок", name_en="Newcomer", kind="university"
    )
    response = operator_client.post(
        "/en/organizations/newcomer/status/", {"status": "declined"}, follow=True
    )
    assert b"Give the reason" in response.content
    applicant.refresh_from_db()
    assert applicant.status == "applied"


def test_the_status_form_offers_only_the_moves_from_the_current_status(db, operator_client):
    Organization.objects.create(
        slug="member", name_ru="Член", name_en="Member", kind="university", status="admitted"
    )
    page = operator_client.get("/ru/organizations/member/").content.decode()
    form = page[page.index('name="status"') : page.index("</select>", page.index('name="status"'))]
    assert '<option value="" selected>— выберите —</option>' in form
    offered = re.findall(r'<option value="(\w+)"', form)
    assert offered == ["suspended", "left"]
    refused = operator_client.post("/en/organizations/member/status/", {"status": "applied"})
    assert refused.status_code == 302
    assert Organization.objects.get(slug="member").status == "admitted"


def test_demo_records_are_labelled(db, client):
    Organization.objects.create(
        slug="demo-co",
        name_ru="Демо",
        name_en="Demo Co",
        kind="employer",
        status="admitted",
        is_demo=True,
    )
    assert b'class="badge demo"' in client.get("/en/organizations/demo-co/").content


def test_priority_areas_are_offered_under_their_decrees(db, member_editor_client, operator_client):
    call_command("load_reference_data", stdout=StringIO())
    form = member_editor_client.get("/ru/catalog/new/").content.decode()
    assert "Приоритетные направления (Указ № 529 от 2024 г.)" in form
    search = operator_client.get("/ru/catalog/").content.decode()
    assert '<optgroup label="Приоритетные направления (Указ № 529 от 2024 г.)">' in search


def test_the_other_languages_name_is_marked_as_such(db, client):
    Organization.objects.create(
        slug="marked", name_ru="Томский вуз", name_en="Tomsk University", kind="university"
    )
    Organization.objects.filter(slug="marked").update(status="admitted")
    assert (
        '<span lang="en">Tomsk University</span>'
        in client.get("/ru/organizations/marked/").content.decode()
    )


def test_the_page_shows_the_short_name_of_its_language(db, client):
    organization_make("tsu", short_name="ТГУ", short_name_en="TSU")
    russian = client.get("/ru/organizations/tsu/").content.decode()
    english = client.get("/en/organizations/tsu/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "· ТГУ" in russian
    assert "TSU" not in russian
    assert "· TSU" in english
    assert "ТГУ" not in english


def test_latin_short_names_move_to_english_in_the_migration(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("edcluster.organizations.migrations.0004_short_name_per_language")
    organization_make("tsu", short_name="TSU")
    organization_make("tpu", short_name="ТПУ")
    migration.latin_short_names_to_english(apps, None)
    names = dict(Organization.objects.values_list("slug", "short_name"))
    english = dict(Organization.objects.values_list("slug", "short_name_en"))
    assert (names["tsu"], english["tsu"]) == ("", "TSU")
    assert (names["tpu"], english["tpu"]) == ("ТПУ", "")
