"""Named look-ups: a question one app asks about its records that other apps answer, where the
asking app may not import them (apps of one layer do not import each other; a lower app never
imports a higher one). The synchronous sibling of `followups`: a question is declared here with
its arguments and the shape of its answer; an app that knows the answer registers a function in
its AppConfig.ready (`register`); the asking app calls `ask(NAME, **arguments)` and gets every
registered app's answer, joined in one list. No app answering means an empty list, never an
error: an app that is not installed knows nothing. `answerers()` lists who answers what.

Declared today:
- PRODUCT_MAKERS: the organizations that develop a catalog product together in a project, with
  the project's title (asked by quality's conflict-of-interest rule; answered by projects).
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Lookup:
    name: str
    arguments: tuple[str, ...]
    doc: str


DECLARED: dict[str, Lookup] = {}


def declare(name: str, *, arguments: tuple[str, ...], doc: str) -> str:
    DECLARED[name] = Lookup(name, arguments, doc)
    return name


PRODUCT_MAKERS = declare(
    "product_makers",
    arguments=("product_id",),
    doc="The organizations that develop this catalog product (an id) together in a project, "
    "as (organization id, project title) pairs: one per organization and project.",
)

_answers: dict[str, dict[str, Callable[..., Iterable]]] = {}


def _lookup(name: str) -> Lookup:
    if name not in DECLARED:
        raise LookupError(f"No look-up is called {name!r} (declared: {sorted(DECLARED)}).")
    return DECLARED[name]


def register(name: str, *, app: str, answer: Callable[..., Iterable]) -> None:
    """`app`'s answer to the look-up, called with its arguments as keywords."""
    lookup = _lookup(name)
    parameters = inspect.signature(answer).parameters
    if set(parameters) != set(lookup.arguments):
        raise ImproperlyConfigured(
            f"The answer to {name} takes {sorted(parameters)}, not {list(lookup.arguments)}."
        )
    known = _answers.setdefault(name, {}).get(app)
    if known is not None and known is not answer:
        raise ImproperlyConfigured(f"{app} registers a second answer to {name}.")
    _answers[name][app] = answer


def ask(name: str, **arguments) -> list:
    """Every registered app's answer to the look-up, joined (empty when no app answers)."""
    lookup = _lookup(name)
    if set(arguments) != set(lookup.arguments):
        raise TypeError(f"{name} takes {list(lookup.arguments)}, not {sorted(arguments)}.")
    return [item for answer in _answers.get(name, {}).values() for item in answer(**arguments)]


def answerers() -> dict[str, list[str]]:
    """Every declared look-up and who answers it, as `app: module.function`."""
    return {
        name: [
            f"{app}: {a.__module__}.{a.__qualname__}" for app, a in _answers.get(name, {}).items()
        ]
        for name in sorted(DECLARED)
    }
