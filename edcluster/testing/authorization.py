"""The vocabulary of the authorization matrix (config/tests/test_authorization_matrix.py): each
app's rows, in `edcluster/<app>/tests/authorization.py`, are `Case`s over the six personas, and
its `arrange(ctx)` adds what its rows need to the shared `Context`.

Three more personas answer every row without each row spelling them out:

- `suspended_editor`, Acme's editor while Acme is suspended: by default as the editor, except
  that a write the editor may make is a 403 that changes nothing (`suspended_default`);
- `partner_editor`, an editor of Initech, a partner co-owner of Acme's draft: by default as the
  outsider (another organization's staff), writing where the outsider writes;
- `applicant`, the admin (and so an editor) of Hooli, which joined through the join form and
  confirmed its address but is not admitted (`ctx.applicant_organization`, status `applied`):
  by default as the outsider, writing where the outsider writes. Where it differs the row names
  it: the members' market (demand, proposals, gaps) is a 403; a write the outsider may make but
  an applicant may not (a product, an import: 403; an offer on Acme's request, which it cannot
  see: 404) changes nothing; and rows on Hooli itself prove what it may do: edit Hooli's
  profile, state and edit Hooli's requests, which are held (members get 404) until admission.

A row names any of them in `expected` (and `writers`) where the answer differs. And every API
row is also called with a Bearer token instead of the session, by every persona that signs in:
the same answer, unless `token` says otherwise for a persona."""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from edcluster.testing import MORE_PERSONAS, PERSONAS

ANON, OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR = PERSONAS
SUSPENDED, PARTNER, APPLICANT = MORE_PERSONAS
ALL_PERSONAS = PERSONAS + MORE_PERSONAS


class Context(SimpleNamespace):
    """What the rows' paths, data and states read: `organization` (Acme, where the viewer,
    editor and admin work), `applicant_organization` (Hooli, applied, the applicant's), `users`
    (persona → user, None for anonymous), and the rows each app's `arrange(ctx)` made
    (`ctx.skill`, `ctx.request_id` …). A name is set once: an app's `arrange` that took a
    name another app set would silently change that app's rows (it did, `proposal_id`)."""

    def __setattr__(self, name: str, value) -> None:
        if name in self.__dict__:
            raise AttributeError(f"ctx.{name} is set already; name yours apart")
        super().__setattr__(name, value)


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
    # Where a persona's answer with a Bearer token differs from its answer with the session.
    token: dict[str, int] = field(default_factory=dict)

    def status_of(self, persona: str, *, by_token: bool = False) -> int:
        """The status this persona gets (see the module's docstring for the defaults)."""
        if by_token and persona in self.token:
            return self.token[persona]
        if persona in self.expected:
            return self.expected[persona]
        if persona == SUSPENDED:
            return suspended_default(self)
        return self.expected[OUTSIDER]

    def writes(self, persona: str, *, by_token: bool = False) -> bool:
        """Whether this persona's call must change the state."""
        if by_token and persona in self.token:
            return persona in self.writers and self.token[persona] < 400
        if persona in self.writers or persona in self.expected:
            return persona in self.writers
        return persona in (PARTNER, APPLICANT) and OUTSIDER in self.writers


def suspended_default(case: Case) -> int:
    """A suspended member's editor reads as before and writes nothing: 403 where the editor
    writes."""
    return 403 if EDITOR in case.writers else case.expected[EDITOR]


def statuses(*codes: int) -> dict[str, int]:
    """Expected status for anonymous, outsider, viewer, editor, admin, operator."""
    return dict(zip(PERSONAS, codes, strict=True))


def everyone(code: int) -> dict[str, int]:
    """The same status for every persona, the further ones included."""
    return dict.fromkeys(ALL_PERSONAS, code)


def fixed(path: str) -> Callable[[Context], str]:
    return lambda ctx: path


def slug_path(template: str) -> Callable[[Context], str]:
    return lambda ctx: template.format(slug=ctx.organization.slug, ctx=ctx)
