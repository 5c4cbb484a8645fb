import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from edcluster.organizations.selectors import access_organization, is_insider, organization_list
from edcluster.organizations.tests.factories import field_make, organization_make


@pytest.fixture
def applied(db):
    return organization_make("newcomer", status="applied", name_ru="Новичок", name_en="Newcomer")


@pytest.mark.parametrize(
    ("persona", "sees_applied"),
    [("anonymous", False), ("outsider", False), ("member_viewer", True), ("operator", True)],
)
def test_applications_are_seen_by_their_staff_and_operators_only(
    applied, all_personas, persona, sees_applied
):
    viewer = all_personas[persona] or AnonymousUser()
    if persona == "member_viewer":
        all_personas[persona].memberships.create(organization=applied, role="viewer")
    slugs = set(organization_list(viewer=viewer).values_list("slug", flat=True))
    assert ("newcomer" in slugs) is sees_applied
    assert {"acme", "globex"} <= slugs
    if not sees_applied:
        with pytest.raises(Http404):
            access_organization(user=viewer, slug="newcomer")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("томский", True),  # Cyrillic, case folded on every database
        ("ТОМСКИЙ ПОЛИТЕХ", True),
        ("Polytechnic", True),
        ("tomsk polytechnic", True),
        ("Томский ёлочный", False),
        ("TPU", True),
        ("tpu.ru", True),
    ],
)
def test_search_folds_case_in_both_languages(db, query, found):
    organization_make(
        "tpu",
        name_ru="Томский политехнический университет",
        name_en="Tomsk Polytechnic University",
        short_name="TPU",
        internet_domain="tpu.ru",
    )
    assert organization_list(viewer=AnonymousUser(), query=query).exists() is found


def test_yo_and_ye_are_the_same_letter(db):
    organization_make("yolka", name_ru="Ёлка", name_en="Fir")
    assert organization_list(viewer=AnonymousUser(), query="елка").exists()


def test_field_filter_includes_narrower_fields(db):
    broad = field_make("06", "broad", "ICT")
    detailed = field_make("0613", "detailed", "Software", parent=broad)
    tagged = organization_make("soft")
    tagged.fields_of_education.add(detailed)
    organization_make("other")
    found = organization_list(viewer=AnonymousUser(), field="06")
    assert list(found.values_list("slug", flat=True)) == ["soft"]


def test_filters_combine(db):
    organization_make("ru-uni", kind="university", country="RU")
    organization_make("cn-uni", kind="foreign_university", country="CN")
    organization_make("cn-firm", kind="employer", country="CN")
    found = organization_list(viewer=AnonymousUser(), kind="foreign_university", country="cn")
    assert list(found.values_list("slug", flat=True)) == ["cn-uni"]


def test_the_directory_page_costs_a_fixed_number_of_queries(
    db, client, django_assert_max_num_queries
):
    for number in range(30):
        organization_make(f"org-{number}")
    with django_assert_max_num_queries(8):
        response = client.get("/en/organizations/")
    assert response.status_code == 200
    assert response.content.count(b'class="card"') == 24


@pytest.mark.parametrize(
    ("persona", "insider"),
    [("anonymous", False), ("outsider", False), ("member_viewer", True), ("operator", True)],
)
def test_its_staff_and_operators_are_an_organizations_insiders(
    organization, all_personas, persona, insider
):
    user = all_personas[persona] or AnonymousUser()
    assert is_insider(user=user, organization=organization) is insider
