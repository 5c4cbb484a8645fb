"""Named look-ups: declared names and arguments are held, answers are joined, and the apps'
registrations are the ones listed."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from edcluster.core import lookups


def test_the_apps_answers_are_the_ones_listed():
    assert lookups.answerers() == {
        "product_makers": ["projects: edcluster.projects.selectors.product_makers"],
    }


def test_an_unknown_name_or_wrong_arguments_fail_loudly():
    with pytest.raises(LookupError):
        lookups.ask("no_such_lookup", product_id=1)
    with pytest.raises(TypeError):
        lookups.ask(lookups.PRODUCT_MAKERS, product=1)
    with pytest.raises(ImproperlyConfigured):
        lookups.register(lookups.PRODUCT_MAKERS, app="x", answer=lambda product: [])


def test_answers_of_every_app_are_joined(monkeypatch):
    monkeypatch.setattr(lookups, "_answers", {})
    assert lookups.ask(lookups.PRODUCT_MAKERS, product_id=1) == []
    lookups.register(lookups.PRODUCT_MAKERS, app="a", answer=lambda product_id: [(1, "P")])
    lookups.register(lookups.PRODUCT_MAKERS, app="b", answer=lambda product_id: [(product_id, "Q")])
    assert lookups.ask(lookups.PRODUCT_MAKERS, product_id=7) == [(1, "P"), (7, "Q")]
