"""The registry of page sections: order, a section that shows nothing, the template tag, and a
page rendered again by the app that owns it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from edcluster.core import sections


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' own registrations left alone)."""
    monkeypatch.setattr(sections, "_sections", {})
    monkeypatch.setattr(sections, "_pages", {})
    return sections


def _greeting(request, obj):
    return {"name": obj["name"]}


def _hidden(request, obj):
    return None


def _render(entity: str, obj) -> str:
    request = RequestFactory().get("/")
    template = Template("{% load sections %}[{% page_sections entity obj %}]")
    return template.render(Context({"request": request, "entity": entity, "obj": obj}))


def test_sections_show_in_order_and_one_returning_none_shows_nothing(registry, tmp_path, settings):
    (tmp_path / "a.html").write_text("A:{{ name }}")
    (tmp_path / "b.html").write_text("B:{{ name }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    registry.register("app.thing", name="other.b", order=20, template="b.html", context=_greeting)
    registry.register("app.thing", name="other.a", order=10, template="a.html", context=_greeting)
    registry.register("app.thing", name="other.c", order=15, template="b.html", context=_hidden)
    assert [s.name for s in registry.sections_of("app.thing")] == ["other.a", "other.c", "other.b"]
    assert _render("app.thing", {"name": "x"}) == "[A:x\nB:x]"
    assert _render("app.nothing", {"name": "x"}) == "[]"


def test_a_second_section_under_a_known_name_fails_loudly(registry):
    registry.register("app.thing", name="other.a", order=10, template="a.html", context=_greeting)
    registry.register("app.thing", name="other.a", order=10, template="a.html", context=_greeting)
    with pytest.raises(ImproperlyConfigured):
        registry.register("app.thing", name="other.a", order=10, template="a.html", context=_hidden)


def test_a_page_is_rendered_again_with_what_a_section_was_handed(registry):
    def page(request, obj, *, status):
        return HttpResponse(
            f"{obj}:{sections.bound(request, 'other.forms', 'none')}", status=status
        )

    registry.register_page("app.thing", page)
    request = RequestFactory().post("/")
    sections.bind(request, "other.forms", "bound")
    response = sections.render_page("app.thing", request, "x", status=400)
    assert (response.status_code, response.content) == (400, b"x:bound")
    with pytest.raises(ImproperlyConfigured):
        sections.render_page("app.unknown", request, "x")


def test_the_apps_register_their_sections_of_each_page():
    """Who adds what to whose page (the registry as the apps fill it in their ready())."""
    found = {
        entity: [(s.name, s.template) for s in sections.sections_of(entity)]
        for entity in (
            "catalog.product",
            "demand.request",
            "skills.occupation",
            "partnerships.agreement",
            "matching.proposal",
        )
    }
    assert found == {
        "catalog.product": [
            ("matching.skills", "matching/product_skills.html"),
            ("matching.demand", "matching/product_demand.html"),
            ("projects.projects", "projects/product_section.html"),
            ("quality.index", "quality/product_section.html"),
            ("sales.order_training", "sales/product_section.html"),
        ],
        "demand.request": [
            ("matching.coverage", "matching/coverage.html"),
            ("matching.offers", "matching/offers.html"),
            ("sales.orders", "sales/request_section.html"),
        ],
        "skills.occupation": [("matching.coverage", "matching/coverage.html")],
        "partnerships.agreement": [("projects.programmes", "projects/agreement_section.html")],
        "matching.proposal": [("projects.start", "projects/proposal_section.html")],
    }
