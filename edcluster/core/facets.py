"""Facets, orders and badges that higher apps add to a lower app's list of an entity.

The catalog lists products; quality knows each product's index. The catalog must not import
quality, so quality registers, in its AppConfig.ready, what it adds to the list of
"catalog.product" (the same entity names as `core.sections`):

- a `Facet`: a filter the list's form offers (a name, a label, choices) and how it narrows a
  queryset of the entity;
- an `Order`: a sort the form offers and how it orders the queryset (it may annotate first);
- `Badges`: a small template shown on each item of a page, with a context function taking the
  page's objects at once (one query for the page, never one per item), returning the context
  of each object's badge by primary key (objects without a badge left out).

The list's own app reads them (`facets_of`, `order_of`, `badges_html`) with no change when a
registration is added. Names are unique per entity; registering the same one again changes
nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Facet:
    entity: str
    name: str  # the form field and query parameter ("quality")
    label: Any  # a lazy translation
    choices: Callable[[], list[tuple[str, Any]]]  # (value, label); "any" is the list's own
    narrow: Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class Order:
    entity: str
    name: str  # the value of the list's sort parameter ("quality")
    label: Any
    apply: Callable[[QuerySet], tuple[QuerySet, tuple]]  # (annotated queryset, order_by terms)


@dataclass(frozen=True)
class Badges:
    entity: str
    name: str
    template: str
    context: Callable[[HttpRequest, Sequence[Any]], dict[Any, dict]]


_facets: dict[str, dict[str, Facet]] = {}
_orders: dict[str, dict[str, Order]] = {}
_badges: dict[str, dict[str, Badges]] = {}


def _register[T: (Facet, Order, Badges)](registry: dict[str, dict[str, T]], item: T) -> T:
    known = registry.setdefault(item.entity, {}).get(item.name)
    if known is not None and known != item:
        kind = type(item).__name__
        raise ImproperlyConfigured(f"{kind} {item.name} of {item.entity} is registered twice.")
    registry[item.entity][item.name] = item
    return item


def register_facet(facet: Facet) -> Facet:
    return _register(_facets, facet)


def register_order(order: Order) -> Order:
    return _register(_orders, order)


def register_badges(badges: Badges) -> Badges:
    return _register(_badges, badges)


def facets_of(entity: str) -> list[Facet]:
    return [_facets[entity][name] for name in sorted(_facets.get(entity, {}))]


def orders_of(entity: str) -> list[Order]:
    return [_orders[entity][name] for name in sorted(_orders.get(entity, {}))]


def order_of(entity: str, name: str) -> Order | None:
    return _orders.get(entity, {}).get(name)


def narrow(entity: str, queryset: QuerySet, given: Sequence[tuple[str, str]]) -> QuerySet:
    """The queryset narrowed by each registered facet given a value ((name, value) pairs)."""
    facets = {facet.name: facet for facet in facets_of(entity)}
    for name, value in given:
        if name in facets and value:
            queryset = facets[name].narrow(queryset, value)
    return queryset


def badges_html(entity: str, request: HttpRequest, objects: Sequence[Any]) -> dict[Any, list]:
    """Each object's badges, rendered, by primary key (objects without one left out)."""
    shown: dict[Any, list[SafeString]] = {}
    for name in sorted(_badges.get(entity, {})):
        badges = _badges[entity][name]
        for pk, context in badges.context(request, objects).items():
            html = render_to_string(badges.template, context, request=request)
            shown.setdefault(pk, []).append(SafeString(html.strip()))
    return shown
