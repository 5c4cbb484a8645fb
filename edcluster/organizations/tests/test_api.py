import pytest
from django.utils import translation

from edcluster.accounts.models import User
from edcluster.accounts.services import api_token_create, api_token_revoke
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make


def post_json(client, url, data, **extra):
    return client.post(url, data, content_type="application/json", **extra)


def test_the_directory_is_paginated(db, organization, other_organization, client):
    response = client.get("/api/organizations/?page_size=1")
    body = response.json()
    assert body["count"] == 2
    assert len(body["items"]) == 1
    assert body["items"][0]["slug"] in {"acme", "globex"}


def test_an_application_missing_a_field_names_it_and_creates_nothing(db, client):
    response = post_json(client, "/api/organizations/", {"kind": "university"})
    assert response.status_code == 422
    locations = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert ("body", "payload", "name_en") in locations
    assert Organization.objects.count() == 0


def test_an_application_with_a_bad_domain_is_a_400_naming_the_field(db, client):
    response = post_json(
        client,
        "/api/organizations/",
        {
            "name_ru": "Вуз",
            "name_en": "Uni",
            "kind": "university",
            "internet_domain": "not a domain",
            "administrator": {"email": "a@uni.example", "password": "Str0ng-pass-2026!"},
        },
    )
    assert response.status_code == 400
    assert "internet_domain" in response.json()["errors"]
    assert Organization.objects.count() == 0
    assert User.objects.count() == 0


def test_an_anonymous_application_needs_an_administrator(db, client):
    response = post_json(
        client,
        "/api/organizations/",
        {"name_ru": "Вуз", "name_en": "Uni", "kind": "university"},
    )
    assert response.status_code == 400
    assert "administrator" in response.json()["errors"]


def test_unknown_reference_ids_are_refused(db, organization, member_editor_client):
    response = member_editor_client.patch(
        "/api/organizations/acme",
        {"priority_areas": [999], "fields_of_education": ["9999"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "priority_areas" in response.json()["errors"]


def test_editors_cannot_set_operator_fields(db, organization, member_editor_client):
    response = member_editor_client.patch(
        "/api/organizations/acme",
        {"kind": "employer", "name_en": "Changed"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]
    organization.refresh_from_db()
    assert (organization.kind, organization.name_en) == ("university", "Organization acme")


def test_bearer_tokens_authenticate_and_revocation_ends_them(db, member_admin, client):
    token, secret = api_token_create(user=member_admin, name="ci")
    me = client.get(
        "/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert me.status_code == 200
    assert me.json()["memberships"] == [
        {"organization": "acme", "organization_name": "Organization acme", "role": "admin"}
    ]
    api_token_revoke(token=token, actor=member_admin)
    assert client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


@pytest.mark.parametrize(
    ("header", "status"),
    [("Bearer edc_nope", 401), ("Bearer not-ours", 401), ("Basic dXNlcjpwYXNz", 200)],
)
def test_a_wrong_token_is_401_even_on_public_operations(db, client, header, status):
    # A wrong token must not quietly fall back to anonymous: the caller should learn it is wrong.
    # Other schemes are not ours and leave the caller anonymous.
    response = client.get("/api/organizations/", HTTP_AUTHORIZATION=header)
    assert response.status_code == status


def test_the_created_token_secret_is_shown_once(db, member_admin_client):
    created = post_json(member_admin_client, "/api/accounts/tokens", {"name": "ci"}).json()
    assert created["token"].startswith("edc_")
    listed = member_admin_client.get("/api/accounts/tokens").json()
    assert "token" not in listed[0]
    assert listed[0]["prefix"] == created["token"][:12]


def test_operators_read_the_audit_log(db, organization, operator_client, member_editor_client):
    member_editor_client.patch(
        "/api/organizations/acme", {"city": "Северск"}, content_type="application/json"
    )
    entries = operator_client.get("/api/core/audit?verb=organization.updated").json()["items"]
    assert [(entry["actor"], entry["target_repr"]) for entry in entries] == [
        ("editor@acme.example", "Организация acme")
    ]


def test_a_nul_character_is_refused_naming_the_field(db, organization, member_editor_client):
    # PostgreSQL cannot store NUL in text; it must be a 4xx on every database, never a 500.
    response = member_editor_client.patch(
        "/api/organizations/acme", {"city": "Tom\u0000sk"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert ["body", "payload", "city"] in [error["loc"] for error in response.json()["detail"]]
    organization.refresh_from_db()
    assert organization.city == "Томск"


@pytest.mark.parametrize("path", ["/api/organizations/a%00b", "/api/organizations/a%20b/members"])
def test_a_malformed_slug_is_a_422(db, operator_client, path):
    response = operator_client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "slug"]


def test_the_audit_search_ignores_a_nul_character(db, operator_client):
    assert operator_client.get("/en/audit/?q=%00").status_code == 200


def test_the_api_list_costs_a_fixed_number_of_queries(
    db, client, priority_area, django_assert_max_num_queries
):
    for number in range(30):
        organization_make(f"org-{number}").priority_areas.add(priority_area)
    with django_assert_max_num_queries(4):  # count, page, and one per relation
        body = client.get("/api/organizations/?page_size=30").json()
    assert len(body["items"]) == 30
    assert all(item["priority_areas"] == [priority_area.pk] for item in body["items"])


def test_short_names_are_kept_per_language_and_short_name_stays_the_russian_one(
    db, organization, member_editor_client
):
    response = member_editor_client.patch(
        "/api/organizations/acme",
        {"short_name": "ТГУ", "short_name_en": "TSU"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["short_name"], response.json()["short_name_en"]) == ("ТГУ", "TSU")
    organization.refresh_from_db()
    with translation.override("ru"):
        assert str(organization) == "ТГУ"
    with translation.override("en"):
        assert str(organization) == "TSU"
    organization.short_name_en = ""
    with translation.override("en"):
        assert str(organization) == "ТГУ"  # the other language's short name before the long name
