"""Query parameters arrive as text: a yes-or-no filter of any operation takes true/false (1/0,
on/off), which a strict boolean would refuse whatever it says, and refuses anything else
naming the parameter."""

import pytest
from django.test import Client

from config.api import api
from edcluster.accounts.services import api_token_create


def _token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"})


def _boolean(schema: dict) -> bool:
    return schema.get("type") == "boolean" or any(
        option.get("type") == "boolean" for option in schema.get("anyOf", [])
    )


def boolean_query_parameters() -> list[tuple[str, str]]:
    """(address, parameter) of each yes-or-no query parameter of a GET operation in the OpenAPI
    document, path parameters filled with values of their type."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get", {})
        address = path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                value = "1" if parameter["schema"].get("type") == "integer" else "x"
                address = address.replace(f"{{{parameter['name']}}}", value)
        found += [
            (address, parameter["name"])
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query" and _boolean(parameter["schema"])
        ]
    return sorted(found)


def test_the_document_has_yes_or_no_filters():
    assert ("/api/demand/requests", "mine") in boolean_query_parameters()
    assert len(boolean_query_parameters()) >= 1


@pytest.mark.parametrize(("path", "name"), boolean_query_parameters())
def test_a_yes_or_no_query_filter_takes_text(operator, path, name):
    client = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=operator, name='t')[1]}"}
    )
    for value in ["true", "false", "1", "0", "on", "off"]:
        response = client.get(path, {name: value})
        assert response.status_code != 422, (path, name, value, response.content[:300])
    refused = client.get(path, {name: "maybe"})
    assert refused.status_code == 422, (path, name, refused.content[:300])
    assert [error["loc"][-1] for error in refused.json()["detail"]] == [name]


def integer_query_parameters() -> list[tuple[str, str, int]]:
    """(address, parameter, a value it allows) of each integer query parameter of a GET
    operation that needs no other parameter (a strict integer refused every value of the
    catalog's `eqf_level` and `priority_area`)."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get", {})
        if any(
            parameter["in"] == "path" or parameter.get("required")
            for parameter in operation.get("parameters", [])
        ):
            continue
        for parameter in operation.get("parameters", []):
            options = parameter["schema"].get("anyOf", [parameter["schema"]])
            integer = next((o for o in options if o.get("type") == "integer"), None)
            if parameter["in"] == "query" and integer is not None:
                found.append((path, parameter["name"], integer.get("minimum", 1)))
    return sorted(found)


@pytest.mark.parametrize(("path", "name", "value"), integer_query_parameters())
def test_an_integer_query_filter_takes_digits(operator, path, name, value):
    client = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=operator, name='t')[1]}"}
    )
    response = client.get(path, {name: str(value)})
    assert response.status_code != 422, (path, name, value, response.content[:300])
