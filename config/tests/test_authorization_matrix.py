"""Who may call what: every page and API operation over the six personas and three more (a
suspended member's editor, a partner co-owner's editor, the admin of an organization that
applied and is not admitted), and every API operation again with a Bearer token instead of the
session, asserting the status and, for writes, that a refusal
changed nothing and an allowed call did change something.

Each app owns its rows, in `edcluster/<app>/tests/authorization.py` (`PAGES` and `API`, keyed by
route name and by operation, and `arrange(ctx)` for what they need in the shared context); the
site's own routes are here. A route with no row fails `test_every_route_has_a_row`."""

import copy
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from edcluster.accounts.services import api_token_create
from edcluster.core.layers import LAYER
from edcluster.organizations.models import Organization
from edcluster.skills.extraction import engine
from edcluster.testing import acme_make, globex_make, hooli_make, initech_make, personas_make
from edcluster.testing.authorization import (
    ALL_PERSONAS,
    ANON,
    SUSPENDED,
    Case,
    Context,
    everyone,
    statuses,
)

PACKAGE = Path(__file__).resolve().parents[2] / "edcluster"
# The apps with rows, lowest layer first: an app's `arrange` finds what the apps below it made.
APPS = sorted(
    (app for app in LAYER if (PACKAGE / app / "tests" / "authorization.py").exists()),
    key=lambda app: (LAYER[app], app),
)
MODULES = [importlib.import_module(f"edcluster.{app}.tests.authorization") for app in APPS]

SITE_PAGES: dict[str, list[Case]] = {
    "home": [Case("GET", lambda ctx: "/en/", everyone(200))],
    "health": [Case("GET", lambda ctx: "/health", everyone(200))],
    "favicon": [Case("GET", lambda ctx: "/favicon.ico", everyone(302))],
    "set_language": [
        Case(
            "POST",
            lambda ctx: "/i18n/setlang/",
            everyone(302),
            data=lambda ctx, persona: {"language": "ru", "next": "/en/"},
        )
    ],
    "admin:index": [Case("GET", lambda ctx: "/en/admin/", statuses(*[302] * 5, 200))],
}

SITE_API: dict[str, list[Case]] = {
    "GET /api/openapi.json": [Case("GET", lambda ctx: "/api/openapi.json", everyone(200))],
    "GET /api/docs": [Case("GET", lambda ctx: "/api/docs", everyone(200))],
}


def collected(table: str, site: dict[str, list[Case]]) -> dict[str, list[Case]]:
    """The site's rows and every app's, refusing a route that two of them claim."""
    rows = dict(site)
    for module in MODULES:
        for key, cases in getattr(module, table).items():
            assert key not in rows, f"{key} has rows in two places"
            rows[key] = cases
    return rows


# The token repeats prove how a request is authenticated, which no database changes: they run
# on SQLite (the first run of `make test`) and the PostgreSQL run keeps the session calls.
ONE_DATABASE = pytest.mark.skipif(
    "postgresql" in settings.DATABASES["default"]["ENGINE"],
    reason="token repeats: authentication, checked on SQLite",
)
PAGES = collected("PAGES", SITE_PAGES)
API = collected("API", SITE_API)
CASES = [
    pytest.param(case, persona, False, id=f"{key}#{index}-{persona}")
    for table in (PAGES, API)
    for key, cases in table.items()
    for index, case in enumerate(cases)
    for persona in ALL_PERSONAS
] + [
    pytest.param(case, persona, True, id=f"{key}#{index}-{persona}-token", marks=ONE_DATABASE)
    for key, cases in API.items()
    if key not in SITE_API
    for index, case in enumerate(cases)
    for persona in ALL_PERSONAS
    if persona != ANON
]


@pytest.fixture(scope="module")
def arrangement(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every app's arrangement, made once for the module's 2,000-odd calls inside a
    transaction that is rolled back at the end; each call runs in a savepoint within it (as
    `TestCase.setUpTestData`), so what one call writes is gone before the next. The settings
    are the ones every test gets (offline extractor, fast hashing, a private cache)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            SKILLS_CACHE_DIR=tmp_path_factory.getbasetemp() / "no-vectors",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            engine._current = None
            acme, hooli = acme_make(), hooli_make()
            ctx = Context(
                organization=acme,
                applicant_organization=hooli,
                users=personas_make(
                    acme=acme, globex=globex_make(), initech=initech_make(), hooli=hooli
                ),
            )
            for module in MODULES:
                if hasattr(module, "arrange"):
                    module.arrange(ctx)
            yield ctx
        finally:
            engine._current = None
            cache.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def context(db, arrangement) -> Context:
    """The shared arrangement, its objects copied so that no call sees another's changes to
    them in memory."""
    return copy.deepcopy(arrangement)


@pytest.mark.parametrize(("case", "persona", "by_token"), CASES)
def test_authorization(client, context, case: Case, persona: str, by_token: bool):
    user = context.users[persona]
    headers = {}
    if by_token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='matrix')[1]}"
    elif user is not None:
        client.force_login(user)
    if persona == SUSPENDED:
        Organization.objects.filter(pk=context.organization.pk).update(
            status=Organization.Status.SUSPENDED
        )
    before = case.state(context) if case.state else None
    payload = case.data(context, persona) if case.data else {}
    call = getattr(client, case.method.lower())
    if case.json:
        response = call(case.path(context), payload, content_type="application/json", **headers)
    elif case.method in ("GET", "POST"):
        response = call(case.path(context), payload, **headers)
    else:
        response = call(case.path(context), **headers)
    assert response.status_code == case.status_of(persona, by_token=by_token), response.content[
        :500
    ]
    if case.state:
        after = case.state(context)
        if case.writes(persona, by_token=by_token):
            assert after != before, "an allowed write changed nothing"
        else:
            assert after == before, "a refused call changed something"


def _page_routes(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue  # API operations are checked against the OpenAPI document
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _page_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or str(pattern.pattern))


def unmatched(pages: dict, operations: dict) -> dict[str, set[str]]:
    """Routes and API operations with no row, and rows of no route or operation."""
    routes = set(_page_routes(get_resolver().url_patterns))
    # Django's admin is one guarded site (OperatorAdminSite.has_permission), proven by its index.
    routes = {route for route in routes if not route.startswith("admin:")} | {"admin:index"}
    served = {
        f"{method.upper()} {path}"
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    } | {"GET /api/openapi.json", "GET /api/docs"}
    return {
        "pages without a row": routes - set(pages),
        "operations without a row": served - set(operations),
        "rows of no page": set(pages) - routes,
        "rows of no operation": set(operations) - served,
    }


def test_every_route_has_a_row():
    assert unmatched(PAGES, API) == dict.fromkeys(
        [
            "pages without a row",
            "operations without a row",
            "rows of no page",
            "rows of no operation",
        ],
        set(),
    )


@pytest.mark.parametrize(
    ("table", "key", "reported_as"),
    [
        ("pages", "skills:alias_edit", "pages without a row"),
        ("pages", "home", "pages without a row"),
        ("api", "POST /api/demand/requests", "operations without a row"),
        ("api", "GET /api/accounts/me", "operations without a row"),
    ],
)
def test_a_route_without_a_row_is_reported(table, key, reported_as):
    """The check is not vacuous: take one app's row (or the site's) away and its route shows."""
    pages, operations = dict(PAGES), dict(API)
    del (pages if table == "pages" else operations)[key]
    assert {name: found for name, found in unmatched(pages, operations).items() if found} == {
        reported_as: {key}
    }


def test_every_apps_rows_are_collected_lowest_layer_first():
    assert APPS == [
        "core",
        "accounts",
        "organizations",
        "skills",
        "catalog",
        "demand",
        "matching",
        "partnerships",
        "mobility",
        "projects",
        "sales",
        "quality",
    ]


def test_an_arrangement_cannot_take_a_name_another_set():
    ctx = Context(organization=None)
    ctx.proposal_id = 1
    with pytest.raises(AttributeError, match="proposal_id"):
        ctx.proposal_id = 2
