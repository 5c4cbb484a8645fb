"""The demo cluster, seeded by every app in turn: each registers its seeders (in its
AppConfig.ready) and `manage.py seed_demo` runs them, lowest layer first, so that an app's
seeder finds what the apps below it made (the demand seeders find the employers)."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as live_apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from edcluster.core.layers import LAYER


@dataclass(frozen=True)
class DemoOptions:
    data_dir: Path  # the reference data and public facts the demo is made from
    logins: bool = True  # whether to tell the demo accounts' logins


@dataclass(frozen=True)
class Seeded:
    """What a seeder did: a part of the closing summary, and lines to print as it ends."""

    summary: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    app: str
    seed: Callable[[DemoOptions], Seeded]


_seeders: dict[str, DemoSeeder] = {}


def demo_seeder_register(name: str, seed: Callable[[DemoOptions], Seeded]) -> None:
    """Register an app's seeder (idempotent and safe to run twice) under a unique name; its app
    is the one whose module defines `seed`."""
    parts = seed.__module__.split(".")
    app = parts[1] if len(parts) > 1 and parts[0] == "edcluster" else ""
    if app not in LAYER:
        raise ImproperlyConfigured(f"The demo seeder {name} is not in an app of edcluster's layers")
    _seeders[name] = DemoSeeder(name=name, app=app, seed=seed)


def demo_seeders() -> list[DemoSeeder]:
    """The registered seeders, lowest layer first; an app's own in the order it registered them."""
    return sorted(_seeders.values(), key=lambda seeder: LAYER[seeder.app])


def demo_seed(*, options: DemoOptions, say: Callable[[str], None]) -> str:
    """Run every seeder, printing their lines through `say`; returns the summary of all.

    The seeders run in the site's language whatever language the caller has active: what they
    write in words (the audit log's record names, for one) is the same demo from a shell, a
    test that follows an English page, or a worker."""
    summaries = []
    with translation.override(settings.LANGUAGE_CODE):
        for seeder in demo_seeders():
            seeded = seeder.seed(options)
            for line in seeded.lines:
                say(line)
            summaries.append(seeded.summary)
    return "seed_demo: " + "; ".join(summaries)


def migration_rows_restore(app: str, migration: str, forward: str) -> None:
    """Run a data migration's forward function again, with today's models, for a seeder whose
    records need the rows it wrote: a `flush` (a transactional test, a developer's reset)
    deletes them though the migration stays applied. The caller runs it only when the rows are
    missing, so what operators changed since is never written over."""
    module = importlib.import_module(f"edcluster.{app}.migrations.{migration}")
    getattr(module, forward)(live_apps, None)
