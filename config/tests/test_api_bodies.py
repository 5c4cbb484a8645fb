"""Request bodies under /api/: a body that is not the declared object is refused (422, naming
the body), and a body that cannot be read at all is answered in JSON (4xx), never HTML or 500."""

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client

from config.api import api
from edcluster.accounts.services import api_token_create

ARRAY = json.dumps([None, None])
CSRF_TOKEN = "k" * 32


def json_operations() -> list[tuple[str, str]]:
    """(method, address) of every operation whose request body is JSON, from the OpenAPI
    document, path parameters filled with values of their type: the body is refused before any
    record is looked up, so a refusal cannot be a 404 in disguise."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            address = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    value = "1" if parameter["schema"].get("type") == "integer" else "x"
                    address = address.replace(f"{{{parameter['name']}}}", value)
            found.append((method.upper(), address))
    return sorted(found)


@pytest.fixture(params=["outsider", "member_editor", "member_admin", "operator"])
def writer(request, db) -> Client:
    """A persona that may write, calling with a personal token."""
    user = request.getfixturevalue(request.param)
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"})


def test_the_openapi_document_lists_json_bodies():
    operations = json_operations()
    assert ("PATCH", "/api/catalog/products/x") in operations
    assert ("POST", "/api/matching/proposals") in operations
    assert len(operations) > 20


@pytest.mark.parametrize(("method", "path"), json_operations())
def test_an_array_is_not_an_object(writer, method, path):
    response = writer.generic(method, path, ARRAY, content_type="application/json")
    assert response.status_code == 422, (method, path, response.status_code, response.content)
    detail = response.json()["detail"]
    assert detail, response.content
    assert {error["loc"][0] for error in detail} == {"body"}, detail
    empty = writer.generic(method, path, "{}", content_type="application/json")
    if empty.status_code == 422:  # an object is read: at most its fields are missing
        assert all(len(error["loc"]) > 2 for error in empty.json()["detail"]), empty.content


MALFORMED = {
    "broken JSON": ("application/json", b'{"title_en": '),
    "JSON that is not UTF-8": ("application/json", b'{"title_en": "\xff\xfe"}'),
    "multipart without a boundary": ("multipart/form-data", b"--x\r\nContent-Disposition: f"),
    "multipart cut short": ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition"),
    "a form for JSON": ("application/x-www-form-urlencoded", b"title_en=x"),
    "plain text": ("text/plain", b"hello"),
    "no content type": ("", b"hello"),
    "an empty body": ("application/json", b""),
    "too large": ("application/json", b'{"title_en": "%s"}' % (b"x" * 2000)),
    "too many fields": ("application/x-www-form-urlencoded", b"&".join([b"a=1"] * 200)),
}
WRITES = [
    ("POST", "/api/catalog/imports"),  # multipart: a file and form fields
    ("PATCH", "/api/catalog/products/x"),
    ("POST", "/api/matching/proposals"),
    ("POST", "/api/accounts/tokens"),
    ("POST", "/api/organizations/"),  # open to anonymous applicants
]


@pytest.fixture(params=["token", "session", "anonymous"])
def caller(request, db) -> Client:
    """An operator with a token, an operator's browser session with its CSRF token, or an
    anonymous browser with its CSRF token: each reaches the reading of the body."""
    if request.param == "token":
        token = api_token_create(user=request.getfixturevalue("operator"), name="t")[1]
        return Client(headers={"Authorization": f"Bearer {token}"})
    client = Client(enforce_csrf_checks=True, headers={"X-CSRFToken": CSRF_TOKEN})
    client.cookies[django_settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    if request.param == "session":
        client.force_login(request.getfixturevalue("operator"))
    return client


@pytest.mark.parametrize("body", MALFORMED, ids=list(MALFORMED))
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_malformed_body_is_answered_in_json(caller, settings, method, path, body):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000, 100
    content_type, data = MALFORMED[body]
    response = caller.generic(method, path, data, content_type=content_type)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    assert response.json()["detail"]


def test_every_api_error_is_json(db, monkeypatch):
    """Answers that do not come from an operation's handlers are JSON under /api/ too: an
    unknown address, a method an operation does not have, a server error."""
    client = Client(raise_request_exception=False)

    def broken(**_arguments):
        raise RuntimeError("a bug")

    monkeypatch.setattr("edcluster.catalog.selectors.product_search", broken)
    for method, path, status in [
        ("GET", "/api/nowhere", 404),
        ("GET", "/api/catalog/products/x/y", 404),
        ("DELETE", "/api/catalog/products", 405),
        ("GET", "/api/catalog/products", 500),
    ]:
        response = client.generic(method, path)
        assert response.status_code == status, (method, path, response.status_code)
        assert response["Content-Type"] == "application/json", (method, path, response.content)
        assert response.json()["detail"]
        assert "a bug" not in response.content.decode()
    assert "GET" in client.delete("/api/catalog/products")["Allow"]
    assert client.get("/en/nowhere/").status_code == 404  # pages keep their HTML error pages
    assert client.get("/en/nowhere/")["Content-Type"].startswith("text/html")
