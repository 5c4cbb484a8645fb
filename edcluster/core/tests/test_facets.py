"""Facets, orders and badges of lists: registered once per name, read by the list's app."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from edcluster.core import facets
from edcluster.core.models import AuditEntry


def test_a_name_is_registered_once_per_entity(monkeypatch):
    monkeypatch.setattr(facets, "_facets", {})
    first = facets.Facet("x.thing", "band", "Band", lambda: [], lambda qs, value: qs)
    assert facets.register_facet(first) is first
    facets.register_facet(first)  # the same again changes nothing
    with pytest.raises(ImproperlyConfigured):
        facets.register_facet(facets.Facet("x.thing", "band", "Other", lambda: [], first.narrow))
    assert facets.facets_of("x.thing") == [first]
    assert facets.facets_of("y.other") == []


def test_narrow_applies_only_the_facets_given_a_value(monkeypatch):
    monkeypatch.setattr(facets, "_facets", {})
    seen: list[str] = []

    def narrow(queryset, value: str):
        seen.append(value)
        return queryset.filter(pk=int(value))

    facets.register_facet(facets.Facet("x.thing", "band", "Band", lambda: [], narrow))
    nothing = AuditEntry.objects.none()
    given = [("band", "70"), ("other", "1"), ("band", "")]
    assert facets.narrow("x.thing", nothing, given).query.where  # narrowed once
    assert seen == ["70"]


def test_the_registered_ones_are_listed():
    assert [f.name for f in facets.facets_of("catalog.product")] == ["quality"]
    assert [o.name for o in facets.orders_of("catalog.product")] == ["quality"]
    assert facets.order_of("catalog.product", "newest") is None
