"""The demo seeders' registry: every app's seeder runs, lowest layer first, and seed_demo prints
their lines and one summary."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import translation

from edcluster.core import demo
from edcluster.core.layers import LAYER


def test_the_apps_seeders_are_registered_lowest_layer_first():
    seeders = demo.demo_seeders()
    assert [seeder.name for seeder in seeders] == [
        "organizations.members",
        "catalog.products",
        "demand.postings",
        "demand.requests",
        "partnerships.agreements",
        "projects.projects",
        "mobility.applications",
        "sales.orders",
        "quality.quality",
    ]
    ranks = [LAYER[seeder.app] for seeder in seeders]
    assert ranks == sorted(ranks)


def _seeder(summary: str, *lines: str):
    def seed(options: demo.DemoOptions) -> demo.Seeded:
        return demo.Seeded(summary=f"{summary} from {options.data_dir.name}", lines=list(lines))

    return seed


def test_seed_demo_runs_them_in_layer_order_whatever_the_registration_order(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "_seeders", {})
    higher, lower = _seeder("postings", "no taxonomy"), _seeder("members", "login 1", "login 2")
    higher.__module__, lower.__module__ = "edcluster.demand.demo", "edcluster.organizations.demo"
    demo.demo_seeder_register("demand.postings", higher)
    demo.demo_seeder_register("organizations.members", lower)
    out = StringIO()
    call_command("seed_demo", "--data-dir", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines() == [
        "login 1",
        "login 2",
        "no taxonomy",
        f"seed_demo: members from {tmp_path.name}; postings from {tmp_path.name}",
    ]


def test_a_seeder_outside_the_layers_is_refused(monkeypatch):
    monkeypatch.setattr(demo, "_seeders", {})
    stray = _seeder("x")
    stray.__module__ = "somewhere.else"
    with pytest.raises(ImproperlyConfigured, match="somewhere|not in an app"):
        demo.demo_seeder_register("stray", stray)
    assert demo.demo_seeders() == []


def test_seed_demo_needs_the_data_folder(tmp_path):
    with pytest.raises(Exception, match="No reference data folder"):
        call_command("seed_demo", "--data-dir", str(Path(tmp_path) / "missing"))


def test_the_seeders_write_in_the_site_language_whatever_is_active(monkeypatch, tmp_path, settings):
    """A test that followed an English page leaves English active in its thread; the demo
    seeded after it must still be the Russian demo (its audit entries name records in the
    language active when they are written)."""
    seen = []

    def seed(options: demo.DemoOptions) -> demo.Seeded:
        seen.append(translation.get_language())
        return demo.Seeded(summary="members", lines=[])

    seed.__module__ = "edcluster.organizations.demo"
    monkeypatch.setattr(demo, "_seeders", {})
    demo.demo_seeder_register("organizations.members", seed)
    with translation.override("en"):
        call_command("seed_demo", "--data-dir", str(tmp_path), stdout=StringIO())
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert seen == [settings.LANGUAGE_CODE] == ["ru"]
