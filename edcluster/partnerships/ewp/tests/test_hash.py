"""`iia-hash`: the spec's own figures, and the Python port against Saxon-HE running the XSLT."""

from dataclasses import replace

import pytest

from edcluster.partnerships.ewp import MobilityType, iia_hash, iia_hashes, iia_xml, text_to_hash
from edcluster.partnerships.ewp.hashing import terminated_anywhere
from edcluster.partnerships.ewp.schema import safe_parser

from . import factories
from .saxon import saxon_hashes, texts_to_hash


def test_the_hash_of_the_specs_example_is_reproduced():
    document = factories.EXAMPLE.read_bytes()
    assert iia_hashes(document) == [factories.EXAMPLE_HASH]
    assert f"<iia-hash>{factories.EXAMPLE_HASH}</iia-hash>".encode() in document


def test_the_xslt_kits_example_with_v6_values_and_undefined_terms_is_reproduced():
    # v6-value replaces the ISCED code, not-yet-defined terms and contacts are left out
    assert iia_hashes(factories.KIT_EXAMPLE.read_bytes()) == [factories.KIT_EXAMPLE_HASH]


def test_the_text_follows_the_kits_readme():
    from lxml import etree

    root = etree.fromstring(factories.KIT_EXAMPLE.read_bytes(), parser=safe_parser())
    iia = root[0]
    text = text_to_hash(iia, terminated=terminated_anywhere(root))
    assert text.startswith(
        "_iia-id_1=0f7a5682-faf7-49a7-9cc7-ec486c49a281__iia-id_2=1954991__cooperation-conditions."
        "student-studies-mobility-spec.sending-hei-id=uw.edu.pl_"
    )
    assert "subject-area.isced-f-code=031_" in text
    assert "XYZ" not in text
    assert "mobilities-per-year=2" not in text.split("staff")[0]
    assert text.endswith(
        "_receiving-first-academic-year-id=2016/2017__receiving-last-academic-year-id=2017/2018_"
    )


def _documents() -> dict[str, bytes]:
    sample = factories.iia()
    terminated = replace(factories.iia(2), terminated_as_a_whole=True)
    example = factories.EXAMPLE.read_bytes()
    return {
        "spec example": example,
        "xslt kit example": factories.KIT_EXAMPLE.read_bytes(),
        "generated": iia_xml([sample]),
        "one of two terminated": iia_xml([sample, terminated]),
        # whitespace, an entity and a comment inside hashed values; an attribute on a leaf
        "odd text": example.replace(
            b"<receiving-hei-id>hibo.no", b"<receiving-hei-id> hibo.no &amp; <!-- c -->x", 1
        )
        .replace(b"<iia-id>1954991", b"<iia-id>\n  1954991 ", 1)
        .replace(b"<cefr-level>B2</cefr-level>", b"<cefr-level xml:lang='en'>B2</cefr-level>"),
        "empty clarification": example.replace(
            b"</isced-f-code>", b"</isced-f-code><isced-clarification/>", 1
        ),
        "attribute on a contact": factories.KIT_EXAMPLE.read_bytes().replace(
            b"<sending-contact>", b"<sending-contact id='1'>"
        ),
    }


@pytest.mark.parametrize("name", list(_documents()))
def test_the_port_gives_what_saxon_gives_running_the_xslt(name):
    document = _documents()[name]
    assert iia_hashes(document) == saxon_hashes(document)
    assert len(texts_to_hash(document)) == document.count(b"<iia>")


def test_one_terminated_agreement_changes_the_others_hash_as_the_xslt_does():
    sample = factories.iia()
    alone = iia_hash(sample)
    together = iia_hashes(iia_xml([sample, replace(factories.iia(2), terminated_as_a_whole=True)]))
    assert together[0] != alone
    assert iia_hashes(iia_xml([sample, factories.iia(2)]))[0] == alone


def test_terms_change_the_hash_and_contacts_do_not():
    sample = factories.iia()
    first = sample.conditions[0]
    more = replace(
        sample, conditions=(replace(first, mobilities_per_year=5), *sample.conditions[1:])
    )
    later = replace(
        sample, conditions=(replace(first, last_year="2030/2031"), *sample.conditions[1:])
    )
    other_contact = replace(
        sample, partners=(replace(sample.partners[0], signing_contact=None), sample.partners[1])
    )
    assert iia_hash(more) != iia_hash(sample)
    assert iia_hash(later) != iia_hash(sample)
    assert iia_hash(other_contact) == iia_hash(sample)


def test_the_order_of_conditions_of_one_type_changes_the_hash():
    sample = factories.iia()
    teaching = [each for each in sample.conditions if each.type is MobilityType.STAFF_TEACHING]
    others = [each for each in sample.conditions if each.type is not MobilityType.STAFF_TEACHING]
    swapped = replace(sample, conditions=(*others, *reversed(teaching)))
    assert iia_hash(swapped) != iia_hash(sample)
