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


def _json_post(client: Client, path: str, body: bytes, language: str = "en"):
    return client.post(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def operator_api(operator) -> Client:
    return Client(
        headers={"Authorization": f"Bearer {api_token_create(user=operator, name='t')[1]}"}
    )


def test_a_body_over_the_operations_limit_is_a_413_naming_it(settings, operator_api):
    """Every operation has a body limit (API_BODY_MAX_BYTES unless it declares its own); a
    longer body is refused by its declared length, before anything reads it."""
    settings.API_BODY_MAX_BYTES = 10_000
    body = json.dumps({"reason": "x" * 20_000}).encode()
    for language, size in [("en", "9.8 KB"), ("ru", "9,8 КБ")]:
        response = _json_post(operator_api, "/api/matching/proposals", body, language)
        assert response.status_code == 413, response.content[:300]
        assert response["Content-Type"].startswith("application/json")
        assert size in response.json()["detail"].replace("\xa0", " "), response.json()
    assert _json_post(operator_api, "/api/matching/proposals", b"{}").status_code != 413


def test_a_body_over_the_servers_ceiling_is_a_413(settings, operator_api):
    """Django's own limit (the ceiling over every operation's) answers 413 in JSON too."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _json_post(operator_api, "/api/matching/proposals", b'{"a": "%s"}' % (b"x" * 2000))
    assert response.status_code == 413, response.content[:300]
    assert "1000" in response.json()["detail"].replace("\xa0", "")


def test_the_postings_batch_takes_5000_postings(operator_api):
    """5,000 postings per call are promised: a batch of them (over Django's default 2.5 MB)
    is read and stored."""
    text = "Разработка и сопровождение сервисов на Python, SQL, Git, работа в команде. " * 3
    postings = [
        {"external_id": n, "title": f"Программист {n}", "text": f"{n}. {text}", "region": "Томск"}
        for n in range(5000)
    ]
    body = json.dumps({"source": "bench", "extract": False, "postings": postings}).encode()
    assert len(body) > 5 * 2**20
    response = _json_post(operator_api, "/api/demand/postings:batch", body)
    assert response.status_code == 201, response.content[:300]
    assert response.json()["inserted"] == 5000


def test_a_page_form_keeps_the_page_limit(settings, client):
    """Pages keep Django's 2.5 MB for a form (PAGE_BODY_MAX_BYTES), whatever the API's
    largest operation needs."""
    body = b"email=a%40b.example&password=" + b"x" * (3 * 2**20)
    response = client.post(
        "/ru/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("body", "english", "russian"),
    [
        (b'{"reason": ', "not valid JSON (line 1, column 12)", "не JSON (строка 1, столбец 12)"),
        (b'{"reason": "\xff"}', "not UTF-8 text (byte 13)", "не в кодировке UTF-8 (байт 13)"),
    ],
)
def test_a_body_that_is_not_json_is_named_in_the_readers_language(
    operator_api, body, english, russian
):
    for language, words in [("en", english), ("ru", russian)]:
        response = _json_post(operator_api, "/api/matching/proposals", body, language)
        assert response.status_code == 400
        assert words in response.json()["detail"], response.json()
