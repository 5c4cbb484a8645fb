"""Validation against the XSD: offline, compiled once, errors by line and element."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from edcluster.partnerships.ewp import iia_validate, iia_xml
from edcluster.partnerships.ewp.schema import iia_schema

from . import factories


def test_the_schema_is_compiled_once_and_read_from_the_repository_only():
    assert iia_schema() is iia_schema()
    data = (Path(settings.DATA_DIR) / "ewp").resolve().as_uri()
    urls = {schema.url for schema in iia_schema().maps.iter_schemas()}
    local = {url for url in urls if url and url.startswith(data)}
    # all five imported EWP schemas and the IIA schema itself come from data/ewp/
    assert len(local) == 6
    assert {
        url for url in urls - local if url and "w3.org" not in url and "xmlschema" not in url
    } == set()


def test_the_specs_examples_are_valid():
    assert iia_validate(factories.EXAMPLE.read_bytes()) == []
    assert iia_validate(factories.KIT_EXAMPLE.read_bytes()) == []


def test_errors_name_line_and_element():
    document = iia_xml([factories.iia()]).replace(b"><", b">\n<")
    broken = document.replace(b"<cefr-level>B2<", b"<cefr-level>D9<", 1).replace(
        b"<mobilities-per-year>4<", b"<mobilities-per-year>0<", 1
    )
    lines = broken.decode().splitlines()
    with translation.override("en"):
        problems = iia_validate(broken)
        assert [problem.field for problem in problems] == ["mobilities-per-year", "cefr-level"]
        for problem in problems:
            assert problem.line is not None
            assert f"<{problem.field}>" in lines[problem.line - 1]
            assert str(problem).startswith(f"line {problem.line}, element {problem.field}: ")
    with translation.override("ru"):
        assert str(problems[0]).startswith(f"строка {problems[0].line}, элемент")


def test_not_xml_is_one_error():
    with translation.override("en"):
        (problem,) = iia_validate(b"<iias-get-response>")
    assert problem.field == "xml"
    assert problem.line == 1
