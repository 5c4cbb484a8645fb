"""Every API operation that accepts the browser session also accepts a personal token: a
client with a token reaches what the same person reaches in the browser."""

import json

from ninja.security import HttpBearer, SessionAuth

from config.api import api
from edcluster.accounts.auth import AnonymousAllowed, TokenAuth


def _operations():
    # ninja's schema generator walks the same bound routers: each operation with the auth
    # the API, its routers and its own declaration give it.
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                url = "/".join(part.strip("/") for part in (bound.prefix, path) if part)
                name = f"{'/'.join(operation.methods)} /api/{url}"
                yield name, operation


def _token_gaps() -> list[str]:
    gaps = []
    for name, operation in _operations():
        callbacks = operation.auth_callbacks
        if not callbacks:
            # Django's middleware still reads the session, so the session is accepted but
            # a token is ignored: the caller would be served as anonymous.
            gaps.append(f"{name}: no authentication (use accounts.auth.OPTIONAL if public)")
        elif any(isinstance(c, SessionAuth) for c in callbacks) and not any(
            isinstance(c, HttpBearer) for c in callbacks
        ):
            gaps.append(f"{name}: a session but no token")
    return gaps


def test_every_operation_accepting_a_session_accepts_a_token():
    assert len(list(_operations())) > 50  # the walk sees the whole API
    assert _token_gaps() == []


def test_the_walk_finds_an_operation_without_a_token(monkeypatch):
    name, operation = next(_operations())
    monkeypatch.setattr(operation, "auth_callbacks", [SessionAuth(csrf=True)])
    assert _token_gaps() == [f"{name}: a session but no token"]
    monkeypatch.setattr(operation, "auth_callbacks", [])
    assert len(_token_gaps()) == 1
    monkeypatch.setattr(operation, "auth_callbacks", [TokenAuth(), AnonymousAllowed()])
    assert _token_gaps() == []


def test_the_docs_page_does_not_keep_tokens_in_the_browser(client):
    """Swagger's persistAuthorization writes the Bearer token to localStorage, where any script
    of the site and anyone at the browser later reads it: the docs page must not ask for it."""
    page = client.get("/api/docs").content.decode()
    settings_json = page.split('id="swagger-settings">', 1)[1].split("</script>", 1)[0]
    settings = json.loads(settings_json)
    assert settings["url"] == "/api/openapi.json"  # the block read is Swagger's settings
    assert settings.get("persistAuthorization", False) is False
