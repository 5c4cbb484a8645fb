"""The vocabulary of the authorization matrix (config/tests/test_authorization_matrix.py): each
app's rows, in `edcluster/<app>/tests/authorization.py`, are `Case`s over the six personas, and
its `arrange(ctx)` adds what its rows need to the shared `Context`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from edcluster.testing import PERSONAS

ANON, OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR = PERSONAS


class Context(SimpleNamespace):
    """What the rows' paths, data and states read: `organization` (Acme, where the viewer,
    editor and admin work), `users` (persona → user, None for anonymous), and the rows each
    app's `arrange(ctx)` made (`ctx.skill`, `ctx.request_id` …)."""


@dataclass
class Case:
    method: str
    path: Callable[[Context], str]
    expected: dict[str, int]
    data: Callable[[Context, str], dict] | None = None
    json: bool = False
    # A snapshot of what the call may change; with `writers`, refusals must leave it equal and
    # the writers' calls must change it.
    state: Callable[[Context], Any] | None = None
    writers: set[str] = field(default_factory=set)


def statuses(*codes: int) -> dict[str, int]:
    """Expected status for anonymous, outsider, viewer, editor, admin, operator."""
    return dict(zip(PERSONAS, codes, strict=True))


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, code)


def fixed(path: str) -> Callable[[Context], str]:
    return lambda ctx: path


def slug_path(template: str) -> Callable[[Context], str]:
    return lambda ctx: template.format(slug=ctx.organization.slug, ctx=ctx)
