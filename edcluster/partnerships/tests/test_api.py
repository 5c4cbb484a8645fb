"""The API: bad input is a 400 naming the field, frozen versions and second signatures 409,
lists in a bounded number of queries."""

import pytest

from edcluster.partnerships import services
from edcluster.partnerships.models import Agreement, CooperationCondition, Signature
from edcluster.partnerships.tests.factories import (
    agreement_make,
    condition_make,
    isced_make,
    partner_make,
    party,
    sign,
)

pytestmark = pytest.mark.django_db
BASE = "/api/partnerships"


@pytest.fixture
def partner(db):
    isced_make()
    return partner_make()


@pytest.fixture
def agreement(organization, partner):
    return agreement_make(organization, partner)


def condition_json(agreement, organization, partner, **fields) -> dict:
    return {
        "type": "student_studies",
        "sending_party": party(agreement, partner).pk,
        "receiving_party": party(agreement, organization).pk,
        "first_year": "2026/2027",
        "last_year": "2027/2028",
        "mobilities_per_year": 3,
        "total_per_year": 10,
        "subject_areas": [{"code": "0531", "clarification": "Chemistry"}],
        "eqf_levels": [6],
        "languages": [{"language": "en", "cefr": "B2"}],
    } | fields


def post(client, path, data):
    return client.post(f"{BASE}{path}", data, content_type="application/json")


def test_an_editor_builds_signs_and_reads_the_facts(
    member_editor_client, organization, partner, agreement
):
    response = post(
        member_editor_client,
        f"/agreements/{agreement.pk}/conditions",
        condition_json(agreement, organization, partner),
    )
    assert response.status_code == 201, response.content
    versions = member_editor_client.get(f"{BASE}/agreements/{agreement.pk}/versions").json()
    signing = {
        "party": party(agreement, organization).pk,
        "version": 1,
        "version_hash": versions[0]["hash"],
        "signer_name": "Anna",
        "signed_on": "2026-01-10",
    }
    assert (
        post(member_editor_client, f"/agreements/{agreement.pk}/signatures", signing).status_code
        == 201
    )
    again = post(member_editor_client, f"/agreements/{agreement.pk}/signatures", signing)
    assert again.status_code == 409
    assert Signature.objects.count() == 1
    condition_id = response.json()["id"]
    frozen = member_editor_client.put(
        f"{BASE}/conditions/{condition_id}",
        condition_json(agreement, organization, partner, mobilities_per_year=9),
        content_type="application/json",
    )
    assert frozen.status_code == 409
    assert CooperationCondition.objects.get().mobilities_per_year == 3
    facts = member_editor_client.get(f"{BASE}/agreements/{agreement.pk}/versions/1/facts").json()
    assert facts[0]["partners"][0]["signing_contact"]["name"] == "Anna"
    assert facts[0]["conditions"][0]["mobilities_per_year"] == 3


def test_a_hash_that_is_not_the_versions_is_a_conflict(
    member_editor_client, organization, agreement
):
    signing = {
        "party": party(agreement, organization).pk,
        "version": 1,
        "version_hash": "0" * 64,
        "signer_name": "Anna",
        "signed_on": "2026-01-10",
    }
    assert (
        post(member_editor_client, f"/agreements/{agreement.pk}/signatures", signing).status_code
        == 409
    )
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_year": "2025-26"}, "first_year"),
        ({"first_year": "2027/2028", "last_year": "2026/2027"}, "last_year"),
        ({"last_year": "2026/2025"}, "last_year"),
        ({"mobilities_per_year": 0}, "mobilities_per_year"),
        ({"subject_areas": [{"code": "05311"}]}, "subject_areas"),
        ({"subject_areas": [{"code": "05"}]}, "subject_areas"),
        ({"languages": [{"language": "en", "cefr": "C3"}]}, "languages"),
        ({"type": "staff_training", "eqf_levels": [7]}, "eqf_levels"),
    ],
)
def test_bad_conditions_are_400_naming_the_field(
    member_editor_client, organization, partner, agreement, fields, field
):
    response = post(
        member_editor_client,
        f"/agreements/{agreement.pk}/conditions",
        condition_json(agreement, organization, partner, **fields),
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert not CooperationCondition.objects.exists()


def test_a_mobility_agreement_with_a_party_without_schac_id_is_400(member_editor_client, partner):
    partner_make("nodomain", domain="")
    payload = {
        "owner": "acme",
        "code": "IIA-9",
        "kind": "mobility",
        "valid_from": "2026-09-01",
        "parties": [{"organization": "acme"}, {"organization": "nodomain"}],
    }
    response = post(member_editor_client, "/agreements", payload)
    assert response.status_code == 400
    assert "parties" in response.json()["errors"]
    assert not Agreement.objects.exists()
    payload["kind"] = "mou"
    assert post(member_editor_client, "/agreements", payload).status_code == 201


def test_termination_after_use_is_409(member_editor_client, organization, partner, agreement):
    condition = condition_make(agreement, partner, organization)
    sign(agreement, organization)
    sign(agreement, partner)
    services.quota_use_set(condition=condition, actor=None, academic_year="2026/2027", used=1)
    response = post(
        member_editor_client,
        f"/agreements/{agreement.pk}/terminate",
        {"on": "2027-01-01", "reason": "Ends."},
    )
    assert response.status_code == 409
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EFFECT


def test_lists_take_a_bounded_number_of_queries(
    member_editor_client, organization, partner, django_assert_max_num_queries
):
    for number in range(12):
        made = agreement_make(organization, partner, code=f"IIA-{number}")
        condition_make(made, partner, organization)
    with django_assert_max_num_queries(12):
        response = member_editor_client.get(f"{BASE}/agreements?page_size=50")
    assert response.json()["count"] == 12
    with django_assert_max_num_queries(10):
        response = member_editor_client.get(f"{BASE}/partners")
    assert response.json()["items"][0]["schac_id"] == "jlu.edu.cn"
