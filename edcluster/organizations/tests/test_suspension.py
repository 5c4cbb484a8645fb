"""Suspended and departed members' staff keep reading their records but change none of them:
one rule (`accounts.selectors.organization_ids_editable`), whatever the record and however they
call (page, session or token)."""

import pytest

from edcluster.accounts.selectors import WRITES_BARRED
from edcluster.accounts.services import api_token_create
from edcluster.catalog.models import Product
from edcluster.catalog.tests.factories import published
from edcluster.organizations.models import Organization
from edcluster.organizations.services import organization_change_status

BARRED = [Organization.Status.SUSPENDED, Organization.Status.LEFT]


def _barred(organization, operator, status):
    organization_change_status(
        organization=organization, to_status=status, actor=operator, reason="Unpaid fees"
    )


@pytest.mark.parametrize("status", BARRED)
def test_a_barred_members_editor_no_longer_edits_a_published_product(
    status, organization, member_editor, member_editor_client, operator
):
    product = published(owner=organization, title_en="Data")
    assert (
        member_editor_client.patch(
            f"/api/catalog/products/{product.slug}",
            {"summary_en": "Before"},
            content_type="application/json",
        ).status_code
        == 202  # before: accepted, for review
    )
    _barred(organization, operator, status)
    for client_kwargs in ({}, {"HTTP_AUTHORIZATION": f"Bearer {_token(member_editor)}"}):
        response = member_editor_client.patch(
            f"/api/catalog/products/{product.slug}",
            {"title_en": "Changed"},
            content_type="application/json",
            **client_kwargs,
        )
        assert response.status_code == 403, response.content
    page = member_editor_client.post(
        f"/en/catalog/{product.slug}/edit/", {"kind": "mooc", "title_en": "Changed"}
    )
    assert page.status_code == 403
    # Reading stays: the product page and the record are still theirs to see.
    assert member_editor_client.get(f"/en/catalog/{product.slug}/").status_code == 200
    assert Product.objects.get(pk=product.pk).title_en == "Data"


@pytest.mark.parametrize("status", BARRED)
def test_a_barred_members_staff_change_neither_profile_nor_people(
    status, organization, member_admin_client, operator
):
    _barred(organization, operator, status)
    response = member_admin_client.patch(
        f"/api/organizations/{organization.slug}",
        {"city": "Северск"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = member_admin_client.put(
        f"/api/organizations/{organization.slug}/members",
        {"email": "new@acme.example", "role": "editor"},
        content_type="application/json",
    )
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.city != "Северск"
    assert not organization.memberships.filter(user__email="new@acme.example").exists()
    assert member_admin_client.get(f"/api/organizations/{organization.slug}").status_code == 200


def test_the_barred_statuses_are_the_organizations_own():
    """accounts cannot import organizations (a lower layer): its list names the statuses."""
    assert set(WRITES_BARRED) == set(BARRED)
    assert set(WRITES_BARRED) <= set(Organization.Status.values)


def _token(user) -> str:
    return api_token_create(user=user, name="integration")[1]
