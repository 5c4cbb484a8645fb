"""Accounts' rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from edcluster.accounts.models import ApiToken
from edcluster.accounts.tests.factories import api_token_make
from edcluster.testing.authorization import (
    ADMIN,
    ALL_PERSONAS,
    ANON,
    EDITOR,
    OPERATOR,
    OUTSIDER,
    PARTNER,
    SUSPENDED,
    VIEWER,
    Case,
    Context,
    everyone,
    statuses,
)

# Everyone signed in makes their own tokens, a suspended member's staff too (a token carries
# only its person's rights, which the suspension already limits); never with a token.
W_TOKEN = {OUTSIDER, VIEWER, EDITOR, ADMIN, OPERATOR, SUSPENDED, PARTNER}
NOT_BY_TOKEN = {persona: 403 for persona in ALL_PERSONAS if persona != ANON}


def token_state(ctx: Context) -> tuple:
    return tuple(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))


def arrange(ctx: Context) -> None:
    """An API token of Acme's administrator."""
    token, _secret = api_token_make(ctx.users[ADMIN], name="existing")
    ctx.token_id = token.pk


PAGES: dict[str, list[Case]] = {
    "accounts:login": [Case("GET", lambda ctx: "/en/accounts/login/", statuses(200, *[302] * 5))],
    "accounts:logout": [Case("POST", lambda ctx: "/en/accounts/logout/", everyone(302))],
    "accounts:password_change": [
        Case("GET", lambda ctx: "/en/accounts/password/change/", statuses(302, *[200] * 5))
    ],
    "accounts:password_change_done": [
        Case("GET", lambda ctx: "/en/accounts/password/change/done/", statuses(302, *[200] * 5))
    ],
    "accounts:password_reset": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/", everyone(200)),
        Case(
            "POST",
            lambda ctx: "/en/accounts/password/reset/",
            everyone(302),
            data=lambda ctx, persona: {"email": "admin@acme.example"},
        ),
    ],
    "accounts:password_reset_done": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/sent/", everyone(200))
    ],
    "accounts:password_reset_confirm": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/MQ/bad-token/", everyone(200))
    ],
    "accounts:password_reset_complete": [
        Case("GET", lambda ctx: "/en/accounts/password/reset/complete/", everyone(200))
    ],
    "accounts:confirm": [  # a bad link; a good one: organizations/tests/test_join.py
        Case("GET", lambda ctx: "/en/accounts/confirm/bad-token/", everyone(400))
    ],
    "accounts:profile": [
        Case("GET", lambda ctx: "/en/accounts/profile/", statuses(302, *[200] * 5))
    ],
    "accounts:token_create": [
        Case(
            "POST",
            lambda ctx: "/en/accounts/tokens/",
            statuses(302, *[200] * 5) | {SUSPENDED: 200},
            data=lambda ctx, persona: {"name": "integration"},
            state=token_state,
            writers=W_TOKEN,
        )
    ],
    "accounts:token_revoke": [
        Case(
            "POST",
            lambda ctx: f"/en/accounts/tokens/{ctx.token_id}/revoke/",
            statuses(302, 404, 404, 404, 302, 404),
            state=token_state,
            writers={ADMIN},
        )
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/accounts/me": [
        Case("GET", lambda ctx: "/api/accounts/me", statuses(401, *[200] * 5))
    ],
    "GET /api/accounts/tokens": [
        Case("GET", lambda ctx: "/api/accounts/tokens", statuses(401, *[200] * 5))
    ],
    "POST /api/accounts/tokens": [
        Case(
            "POST",
            lambda ctx: "/api/accounts/tokens",
            statuses(401, *[201] * 5) | {SUSPENDED: 201},
            json=True,
            data=lambda ctx, persona: {"name": "ci"},
            state=token_state,
            writers=W_TOKEN,
            token=NOT_BY_TOKEN,
        )
    ],
    "DELETE /api/accounts/tokens/{token_id}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/accounts/tokens/{ctx.token_id}",
            statuses(401, 404, 404, 404, 204, 404),
            state=token_state,
            writers={ADMIN},
        )
    ],
}
