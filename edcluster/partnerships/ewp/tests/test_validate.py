"""Validation against the XSD: offline, compiled once, errors by line and element."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from lxml import etree

from edcluster.partnerships.ewp import iia_validate, iia_xml
from edcluster.partnerships.ewp.schema import _libxml2_schema, iia_schema

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


def _cases() -> dict[str, bytes]:
    example = factories.EXAMPLE.read_bytes()
    export = iia_xml([factories.iia(1), factories.iia(2)])
    return {
        "spec example": example,
        "xslt kit example": factories.KIT_EXAMPLE.read_bytes(),
        "export": export,
        "no iia-hash": example.replace(
            f"<iia-hash>{factories.EXAMPLE_HASH}</iia-hash>".encode(), b""
        ),
        "year x2014/2015": example.replace(b">2014/2015<", b">x2014/2015<", 1),
        "5-digit ISCED": example.replace(b">0314<", b">03141<", 1),
        "CEFR D9": export.replace(b">B2<", b">D9<", 1),
        "no mobilities": export.replace(b"<mobilities-per-year>4<", b"<mobilities-per-year>0<", 1),
        "three partners": example.replace(
            b"<in-effect>", b"<partner><hei-id>x.eu</hei-id></partner><in-effect>", 1
        ),
        "EQF on staff": export.replace(
            b"</total-days-per-year>", b"</total-days-per-year><eqf-level>7</eqf-level>", 1
        ),
        "bad hash": example.replace(factories.EXAMPLE_HASH.encode(), b"e950", 1),
        "bad date": export.replace(b"2025-03-14", b"2025-13-14", 1),
        "unknown element": export.replace(b"<in-effect>", b"<note>x</note><in-effect>", 1),
    }


@pytest.mark.parametrize("name", list(_cases()))
def test_libxml2_and_xmlschema_give_the_same_verdict(name):
    root = etree.fromstring(_cases()[name])
    fast = _libxml2_schema().validate(root)
    detailed = list(iia_schema().iter_errors(root))
    assert fast is (detailed == [])
    assert (name in {"spec example", "xslt kit example", "export"}) is fast


def test_were_the_validators_to_differ_libxml2s_errors_are_reported(monkeypatch):
    monkeypatch.setattr("edcluster.partnerships.ewp.schema._detailed", lambda root: [])
    document = iia_xml([factories.iia()]).replace(b"><", b">\n<")
    broken = document.replace(b"<cefr-level>B2<", b"<cefr-level>D9<", 1)
    (problem,) = iia_validate(broken)
    assert problem.field == "cefr-level"
    assert problem.line is not None
    assert "<cefr-level>D9" in broken.decode().splitlines()[problem.line - 1]
