"""The import of a partner's response: the spec's examples round-trip; bad files import nothing."""

from dataclasses import replace

import pytest
from django.utils import translation

from edcluster.partnerships.ewp import IiaError, iia_hash, iia_hashes, iia_parse, iia_xml
from edcluster.partnerships.ewp.parse import MAX_BYTES

from . import factories


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (factories.EXAMPLE, factories.EXAMPLE_HASH),
        (factories.KIT_EXAMPLE, factories.KIT_EXAMPLE_HASH),
    ],
)
def test_the_v7_examples_import_and_export_with_the_same_hash(path, expected):
    (iia,) = iia_parse(path.read_bytes())
    assert iia.iia_hash == expected
    assert iia_hash(iia) == expected
    exported = iia_xml([iia])
    assert iia_hashes(exported) == [expected]
    assert iia_parse(exported) == [iia]


def test_the_specs_example_reads_as_written():
    (iia,) = iia_parse(factories.EXAMPLE.read_bytes())
    first, second = iia.partners
    assert (first.hei_id, first.iia_code, second.iia_id) == (
        "uw.edu.pl",
        "983/E+/III14&15",
        "1954991",
    )
    assert first.signing_contact is not None
    assert first.signing_contact.email == "email@example.com"
    assert iia.in_effect
    assert iia.pdf_file == "4a483112-d306-4e77-87ff-05b823fb0e0f"
    studies = iia.conditions[0]
    assert (studies.first_year, studies.last_year, studies.eqf_levels) == (
        "2014/2015",
        "2020/2021",
        (7, 8),
    )
    assert [skill.language for skill in studies.language_skills] == ["en", "no"]
    assert len(iia.conditions) == 5


def test_an_export_imports_back_unchanged():
    iias = [factories.iia(1), replace(factories.iia(2), terminated_as_a_whole=True)]
    parsed = iia_parse(iia_xml(iias))
    assert parsed == iias
    assert [each.iia_hash for each in parsed] == iia_hashes(iia_xml(iias))


def _refusal(document: bytes) -> list[str]:
    with translation.override("en"):
        with pytest.raises(IiaError) as caught:
            iia_parse(document)
        return [str(problem) for problem in caught.value.problems]


EXAMPLE = factories.EXAMPLE.read_bytes()


def test_a_file_that_is_not_xml_is_refused():
    assert _refusal(b"%PDF-1.7 not a response") == ["line 1, element file: the file is not XML."]


def test_a_file_over_5_mb_is_refused_before_reading():
    padding = b"<!--" + b" " * MAX_BYTES + b"-->"
    assert _refusal(EXAMPLE + padding) == ["file: the file is larger than 5 MB."]


def test_a_missing_hash_is_refused_naming_line_and_element():
    document = EXAMPLE.replace(f"<iia-hash>{factories.EXAMPLE_HASH}</iia-hash>".encode(), b"")
    assert _refusal(document) == [
        "line 15, element iia: Unexpected child with tag 'pdf-file' at position 5. "
        "Tag 'iia-hash' expected."
    ]


def test_a_year_x2014_2015_is_refused_naming_line_and_element():
    document = EXAMPLE.replace(b">2014/2015<", b">x2014/2015<", 1)
    (problem,) = _refusal(document)
    assert problem.startswith("line 57, element receiving-first-academic-year-id:")
    assert "'x2014/2015'" in problem


def test_a_five_digit_isced_code_is_refused_naming_line_and_element():
    document = EXAMPLE.replace(b"<isced-f-code>0314<", b"<isced-f-code>03141<", 1)
    (problem,) = _refusal(document)
    assert problem.startswith("line 69, element isced-f-code:")
    assert "'03141'" in problem


def test_another_document_is_refused():
    document = b'<?xml version="1.0"?>\n<iias xmlns="urn:other"><iia/></iias>'
    (problem,) = _refusal(document)
    assert problem.startswith("line 2, element iias:")


def test_entities_and_doctypes_are_refused():
    document = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + EXAMPLE.replace(b"<iia-code>983", b"<iia-code>&x;983", 1)
    )
    assert _refusal(document) == ["line 1, element file: a DOCTYPE is not accepted."]


def test_nothing_is_imported_when_one_iia_of_several_is_bad():
    good = iia_xml([factories.iia(1)])
    bad = good.replace(
        b"<receiving-first-academic-year-id>2025/2026",
        b"<receiving-first-academic-year-id>2025-26",
        1,
    )
    document = bad.replace(
        b"</iias-get-response>",
        good.split(b">", 2)[2].replace(b"</iias-get-response>", b"") + b"</iias-get-response>",
    )
    assert len(_refusal(document)) == 1
