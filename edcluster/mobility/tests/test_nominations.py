"""Nominations under an agreement condition's quota (issue 19's partnerships): the quota of
the intake's academic year is used, refused past it naming the field, exceeded only by an
operator with a reason, given back when the case ends."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from edcluster.mobility import services
from edcluster.mobility.models import Stage
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    condition_in_effect,
    intake_make,
)
from edcluster.partnerships.models import QuotaUse

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(organization):
    return intake_make(organization)


@pytest.fixture
def condition(organization):
    return condition_in_effect(organization, mobilities_per_year=2)


def used(condition) -> int:
    use = QuotaUse.objects.filter(condition=condition, academic_year="2026/2027").first()
    return use.used if use else 0


def test_nominations_use_the_quota_and_are_refused_past_it(
    intake, condition, member_editor, operator
):
    first = application_make(applicant_make("n1@example.org"), intake, condition_id=condition.pk)
    assert first.nominated_by is not None
    assert (first.nominated_by.slug, first.condition_id) == ("shenyang", condition.pk)
    assert first.academic_year == "2026/2027"
    second = application_make(applicant_make("n2@example.org"), intake)
    services.application_nominate(
        application=second, actor=member_editor, condition_id=condition.pk
    )
    assert used(condition) == 2
    third = application_make(applicant_make("n3@example.org"), intake)
    with pytest.raises(ValidationError) as refused:
        services.application_nominate(
            application=third, actor=member_editor, condition_id=condition.pk
        )
    assert list(refused.value.message_dict) == ["condition"]
    assert "2" in refused.value.message_dict["condition"][0]
    with pytest.raises(ValidationError) as not_operator:
        services.application_nominate(
            application=third,
            actor=member_editor,
            condition_id=condition.pk,
            over_quota_reason="Partner's best student",
        )
    assert list(not_operator.value.message_dict) == ["over_quota_reason"]
    services.application_nominate(
        application=third,
        actor=operator,
        condition_id=condition.pk,
        over_quota_reason="Partner's best student",
    )
    assert used(condition) == 3
    # A withdrawn nomination gives its place back.
    services.application_move(
        application=first, to=Stage.WITHDRAWN, actor=first.applicant, data={"reason": "x"}
    )
    assert used(condition) == 2


def test_a_condition_to_another_host_or_of_staff_is_refused(
    intake, condition, member_editor, outsider
):
    application = application_make(applicant_make(), intake, category="teacher")
    with pytest.raises(ValidationError) as wrong_kind:
        services.application_nominate(
            application=application, actor=member_editor, condition_id=condition.pk
        )
    assert list(wrong_kind.value.message_dict) == ["condition"]
    with pytest.raises(PermissionDenied):
        services.application_nominate(
            application=application, actor=outsider, condition_id=condition.pk
        )
    with pytest.raises(ValidationError) as unknown:
        services.application_nominate(
            application=application, actor=member_editor, condition_id=999999
        )
    assert list(unknown.value.message_dict) == ["condition"]


def test_the_api_names_the_field_past_the_quota(intake, condition, member_editor):
    for index in range(2):
        application_make(applicant_make(f"q{index}@example.org"), intake, condition_id=condition.pk)
    application = application_make(applicant_make("q9@example.org"), intake)
    client = Client()
    client.force_login(member_editor)
    response = client.post(
        f"/api/mobility/applications/{application.pk}/nomination",
        {"condition_id": condition.pk, "partner": "shenyang"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["condition"]
    page = client.post(
        f"/en/mobility/applications/{application.pk}/nominate/", {"condition_id": condition.pk}
    )
    assert page.status_code == 400
    assert "is used up" in page.content.decode()
    assert used(condition) == 2
