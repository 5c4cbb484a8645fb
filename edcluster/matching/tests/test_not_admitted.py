"""A not-admitted organization's requests and asks wait for its admission (issue 16, item 6):
members do not see them and no mail goes out; admitting the organization releases them."""

import pytest
from django.core import mail

from edcluster.demand.selectors import request_visible
from edcluster.matching.selectors.offers import offers_visible
from edcluster.matching.services.offers import offer_ask
from edcluster.organizations.services import organization_change_status


@pytest.fixture
def applying(employer):
    """The employer still applying to join."""
    employer.status = "applied"
    employer.save(update_fields=["status"])
    return employer


@pytest.fixture
def asked(applying, market, demand, hr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return offer_ask(request=demand, product=market["products"]["P1"], actor=hr)


def test_an_applicants_request_and_ask_wait_unseen_and_unmailed(
    asked, demand, hr, member_editor, member_viewer
):
    assert mail.outbox == []
    for member in (member_editor, member_viewer):
        assert not request_visible(viewer=member).filter(pk=demand.pk).exists()
        assert not offers_visible(viewer=member).filter(pk=asked.pk).exists()
    assert request_visible(viewer=hr).filter(pk=demand.pk).exists()  # its own staff see it
    assert offers_visible(viewer=hr).filter(pk=asked.pk).exists()


def test_admission_releases_them(
    asked, demand, applying, operator, member_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_change_status(organization=applying, to_status="admitted", actor=operator)
    assert request_visible(viewer=member_editor).filter(pk=demand.pk).exists()
    assert offers_visible(viewer=member_editor).filter(pk=asked.pk).exists()
    assert [member_editor.email] in [message.to for message in mail.outbox]
    assert any("SibGas" in message.subject for message in mail.outbox)


def test_an_operator_asking_for_an_applicant_is_not_held(
    applying, market, demand, operator, member_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer_ask(request=demand, product=market["products"]["P1"], actor=operator)
    assert [message.to for message in mail.outbox] == [[member_editor.email]]


def test_asking_is_rate_limited_per_account(market, demand, hr, settings):
    from edcluster.core.ratelimit import RateLimited

    settings.RATE_LIMITS = {"mail.actions": "1/3600"}
    offer_ask(request=demand, product=market["products"]["P1"], actor=hr)
    with pytest.raises(RateLimited):
        offer_ask(request=demand, product=market["products"]["P2"], actor=hr)
