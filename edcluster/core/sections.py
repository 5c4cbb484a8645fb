"""Sections of an entity's page that other apps contribute, and the pages that show them.

A page of a lower app shows what higher apps know about its entity (a product's skills and the
demand it meets, a request's coverage and offers; later its sales, reviews, projects) without
importing them: each higher app registers, in its AppConfig.ready, a section for the entity
("catalog.product", "demand.request", "skills.occupation"), and the page renders
`{% page_sections "catalog.product" product %}` (library `sections`), which shows every
registered section in order. A section's context function `(request, obj) -> dict | None`
runs its own queries and permission check and returns None to show nothing.

A page's app may also register how its page is rendered (`register_page`), so that a higher
app's view can show that page again with its section's bound forms and their errors
(`bind`, then `render_page`) rather than call the lower app's views.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

SectionContext = Callable[[HttpRequest, Any], dict | None]
PageRenderer = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Section:
    entity: str  # "<app>.<entity>", the page it appears on
    name: str  # "<app>.<what>", unique per entity
    order: int  # smaller first
    template: str
    context: SectionContext


_sections: dict[str, dict[str, Section]] = {}
_pages: dict[str, PageRenderer] = {}
BOUND = "_page_sections_bound"  # request attribute holding the bound forms, by section name


def register(
    entity: str, *, name: str, order: int, template: str, context: SectionContext
) -> Section:
    """Add a section to an entity's page; registering the same one again changes nothing."""
    section = Section(entity, name, order, template, context)
    known = _sections.setdefault(entity, {}).get(name)
    if known is not None and known != section:
        raise ImproperlyConfigured(f"Section {name} of {entity} is registered twice.")
    _sections[entity][name] = section
    return section


def sections_of(entity: str) -> list[Section]:
    """The sections registered for an entity's page, in their order."""
    return sorted(_sections.get(entity, {}).values(), key=lambda s: (s.order, s.name))


def register_page(entity: str, render: PageRenderer) -> None:
    """How the entity's page is rendered: `render(request, obj, *, status) -> HttpResponse`."""
    known = _pages.get(entity)
    if known is not None and known is not render:
        raise ImproperlyConfigured(f"The page of {entity} is registered twice.")
    _pages[entity] = render


def render_page(entity: str, request: HttpRequest, obj: Any, *, status: int = 200):
    """The entity's page, rendered by the app that owns it (e.g. again, with bound forms)."""
    if entity not in _pages:
        raise ImproperlyConfigured(f"No page is registered for {entity}.")
    return _pages[entity](request, obj, status=status)


def bind(request: HttpRequest, name: str, value: Any) -> None:
    """Hand the section `name` what it shows instead of its defaults on this request (bound
    forms with their errors), for `render_page`."""
    bound = getattr(request, BOUND, None) or {}
    bound[name] = value
    setattr(request, BOUND, bound)


def bound(request: HttpRequest, name: str, default: Any = None) -> Any:
    """What `bind` handed the section `name` on this request."""
    return (getattr(request, BOUND, None) or {}).get(name, default)


def section_contexts(entity: str, request: HttpRequest, obj: Any) -> list[tuple[Section, dict]]:
    """Each section to show on the page, with its context (sections returning None left out)."""
    shown = []
    for section in sections_of(entity):
        values = section.context(request, obj)
        if values is not None:
            shown.append((section, values))
    return shown
