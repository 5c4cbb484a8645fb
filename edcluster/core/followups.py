"""Named follow-ups a lower app's service asks for after its transaction commits, which higher
apps handle: an explicit registry instead of signals for the domain's flow.

Each follow-up is declared here, with its arguments and what it means. A higher app registers
one handler per follow-up in its AppConfig.ready (`register`); the lower app's service calls
`after_commit(NAME, **arguments)`, which checks the name and the arguments at once (a typo
fails loudly, in the service's own tests) and runs every handler after the commit, in the order
they were registered. Handlers enqueue work rather than do it: they run in the request that
committed. `handlers()` lists who answers what (a test holds the list).
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


@dataclass(frozen=True)
class Followup:
    name: str
    arguments: tuple[str, ...]
    doc: str


DECLARED: dict[str, Followup] = {}


def declare(name: str, *, arguments: tuple[str, ...], doc: str) -> str:
    DECLARED[name] = Followup(name, arguments, doc)
    return name


PRODUCT_OUTCOMES_CHANGED = declare(
    "product_outcomes_changed",
    arguments=("product_ids",),
    doc="The learning outcomes of these products (a list of ids) changed: what is derived "
    "from them (the skills they teach) is out of date.",
)

ACCOUNT_CONFIRMED = declare(
    "account_confirmed",
    arguments=("user_id",),
    doc="A person confirmed the e-mail address of the account they registered: what waited "
    "for it (their organization's application) goes on.",
)

ORGANIZATION_ADMITTED = declare(
    "organization_admitted",
    arguments=("organization_id",),
    doc="An organization was admitted for the first time (from applied or declined): what it "
    "did while it waited (asks for offers) is released to the members.",
)

ORGANIZATION_PLACE_CHANGED = declare(
    "organization_place_changed",
    arguments=("organization_id",),
    doc="An organization's country or kind changed on its profile: what is counted by where "
    "an organization is and what it is (the partners map) is out of date.",
)

_handlers: dict[str, dict[str, Callable[..., object]]] = {}


def _followup(name: str) -> Followup:
    if name not in DECLARED:
        raise LookupError(f"No follow-up is called {name!r} (declared: {sorted(DECLARED)}).")
    return DECLARED[name]


def register(name: str, *, app: str, handler: Callable[..., object]) -> None:
    """`app`'s handler of the follow-up, called with its arguments as keywords."""
    followup = _followup(name)
    parameters = inspect.signature(handler).parameters
    if set(parameters) != set(followup.arguments):
        raise ImproperlyConfigured(
            f"The handler of {name} takes {sorted(parameters)}, not {list(followup.arguments)}."
        )
    known = _handlers.setdefault(name, {}).get(app)
    if known is not None and known is not handler:
        raise ImproperlyConfigured(f"{app} registers a second handler of {name}.")
    _handlers[name][app] = handler


def handlers() -> dict[str, list[str]]:
    """Every declared follow-up and its handlers, as `app: module.function`."""
    return {
        name: [
            f"{app}: {h.__module__}.{h.__qualname__}" for app, h in _handlers.get(name, {}).items()
        ]
        for name in sorted(DECLARED)
    }


def run(name: str, **arguments) -> None:
    """Call the follow-up's handlers now (after_commit calls this once the data is there)."""
    _check(name, arguments)
    for handler in list(_handlers.get(name, {}).values()):
        handler(**arguments)


def _check(name: str, arguments: dict) -> None:
    followup = _followup(name)
    if set(arguments) != set(followup.arguments):
        raise TypeError(f"{name} takes {list(followup.arguments)}, not {sorted(arguments)}.")


def after_commit(name: str, **arguments) -> None:
    """Run the follow-up's handlers once the current transaction commits (at once outside of
    one); a name not declared or arguments other than declared raise here, not later."""
    _check(name, arguments)
    transaction.on_commit(lambda: run(name, **arguments))
