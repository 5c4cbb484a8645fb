"""A foreign partner's staff nominate their students' applications under their own
organization's conditions (page and API): the quota is used and refused past it naming the
field, only operators exceed it; another partner's staff and strangers cannot."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from edcluster.accounts.models import Membership
from edcluster.accounts.tests.factories import member_make
from edcluster.mobility import services
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    condition_in_effect,
    intake_make,
)
from edcluster.partnerships.models import QuotaUse
from edcluster.partnerships.tests.factories import (
    partner_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(organization):
    return intake_make(organization)


@pytest.fixture
def condition(organization):
    return condition_in_effect(organization, mobilities_per_year=1)


@pytest.fixture
def partner_staff(condition):
    partner = condition.sending_party.organization
    return member_make(partner, "coordinator@sylu.edu.cn", Membership.Role.VIEWER)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def used(condition) -> int:
    use = QuotaUse.objects.filter(condition=condition).first()
    return use.used if use else 0


def test_partner_staff_nominate_on_the_page_and_past_the_quota_are_refused(
    intake, condition, partner_staff
):
    first = application_make(applicant_make("s1@example.cn"), intake)
    second = application_make(applicant_make("s2@example.cn"), intake)
    client = client_of(partner_staff)
    page = client.get("/en/mobility/nominations/")
    assert page.status_code == 200
    assert "Shenyang Ligong University" in page.content.decode()
    form = {"email": "S1@example.cn", "intake_id": intake.pk, "condition_id": condition.pk}
    assert client.post("/en/mobility/nominations/", form).status_code == 302
    first.refresh_from_db()
    assert (first.condition_id, first.nominated_by_id) == (
        condition.pk,
        partner_staff_org(condition),
    )
    assert used(condition) == 1
    year = services.academic_year_of(intake)
    assert f"{year}: 1" in client.get("/en/mobility/nominations/").content.decode()
    # The partner now reads the case it nominated.
    assert client.get(f"/en/mobility/applications/{first.pk}/").status_code == 200
    refused = client.post("/en/mobility/nominations/", form | {"email": "s2@example.cn"})
    assert refused.status_code == 400
    assert "is used up" in refused.content.decode()
    second.refresh_from_db()
    assert second.condition_id is None
    assert used(condition) == 1
    unknown = client.post("/en/mobility/nominations/", form | {"email": "nobody@example.cn"})
    assert unknown.status_code == 400
    assert "No open application to this intake has this e-mail." in unknown.content.decode()


def partner_staff_org(condition) -> int:
    return condition.sending_party.organization_id


def test_the_api_names_the_field_and_only_operators_exceed_the_quota(
    intake, condition, partner_staff, operator
):
    application_make(applicant_make("s1@example.cn"), intake)
    application_make(applicant_make("s2@example.cn"), intake)
    client = client_of(partner_staff)
    body = {"email": "s1@example.cn", "intake_id": intake.pk, "condition_id": condition.pk}
    done = client.post("/api/mobility/nominations", body, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["nominated_by"] == "shenyang"
    assert [row["id"] for row in client.get("/api/mobility/nominations").json()] == [
        done.json()["id"]
    ]
    past = body | {"email": "s2@example.cn"}
    refused = client.post("/api/mobility/nominations", past, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["condition"]
    reason = past | {"over_quota_reason": "a scholarship of the rector"}
    not_operator = client.post("/api/mobility/nominations", reason, content_type="application/json")
    assert list(not_operator.json()["errors"]) == ["over_quota_reason"]
    by_operator = client_of(operator).post(
        "/api/mobility/nominations", reason, content_type="application/json"
    )
    assert by_operator.status_code == 200
    assert used(condition) == 2


def test_strangers_and_other_partners_cannot_nominate(intake, condition, outsider, member_viewer):
    application_make(applicant_make("s1@example.cn"), intake)
    assert client_of(outsider).get("/en/mobility/nominations/").status_code == 404
    body = {"email": "s1@example.cn", "intake_id": intake.pk, "condition_id": condition.pk}
    refused = client_of(outsider).post(
        "/api/mobility/nominations", body, content_type="application/json"
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["condition"]
    other = partner_make("jilin")
    with pytest.raises(ValidationError) as error:
        services.partner_nominate(
            actor=member_make(other, "staff@jlu.edu.cn", Membership.Role.ADMIN),
            email="s1@example.cn",
            intake_id=intake.pk,
            condition_id=condition.pk,
        )
    assert list(error.value.message_dict) == ["condition"]
    assert used(condition) == 0
