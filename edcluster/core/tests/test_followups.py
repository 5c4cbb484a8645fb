"""The registry of after-commit follow-ups: who handles what, when the handlers run, and the
mistakes that fail loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from edcluster.core import followups


def test_every_follow_up_and_its_handlers():
    """The list to read when a lower app's change should reach the apps above it."""
    assert followups.handlers() == {
        "account_confirmed": [
            "organizations: edcluster.organizations.services.application_confirmed"
        ],
        "organization_admitted": ["matching: edcluster.matching.services.offers.asks_release"],
        "organization_place_changed": [
            "partnerships: edcluster.partnerships.tasks.partner_place_changed"
        ],
        "product_outcomes_changed": [
            "matching: edcluster.matching.services.product_skills.products_relink"
        ],
    }


@pytest.fixture
def handled(monkeypatch):
    """The catalog's follow-up handled by a recorder only, for the test."""
    calls: list[list[int]] = []

    def record(product_ids):
        calls.append(product_ids)

    monkeypatch.setattr(followups, "_handlers", {})
    followups.register(followups.PRODUCT_OUTCOMES_CHANGED, app="test", handler=record)
    return calls


@pytest.mark.django_db
def test_handlers_run_after_the_commit_only(handled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        followups.after_commit(followups.PRODUCT_OUTCOMES_CHANGED, product_ids=[3, 1])
    assert handled == []
    callbacks[0]()
    assert handled == [[3, 1]]


@pytest.mark.django_db
def test_an_unknown_name_or_wrong_arguments_fail_at_the_call(handled):
    with pytest.raises(LookupError):
        followups.after_commit("product_outcome_changed", product_ids=[1])
    with pytest.raises(TypeError):
        followups.after_commit(followups.PRODUCT_OUTCOMES_CHANGED, products=[1])
    with pytest.raises(TypeError):
        followups.after_commit(followups.PRODUCT_OUTCOMES_CHANGED)
    assert handled == []


def test_a_handler_must_take_the_declared_arguments_and_be_one_per_app(handled):
    with pytest.raises(ImproperlyConfigured):
        followups.register(
            followups.PRODUCT_OUTCOMES_CHANGED, app="other", handler=lambda ids: None
        )
    with pytest.raises(ImproperlyConfigured):
        followups.register(
            followups.PRODUCT_OUTCOMES_CHANGED, app="test", handler=lambda product_ids: None
        )
    with pytest.raises(LookupError):
        followups.register("nothing_declared", app="test", handler=lambda product_ids: None)
