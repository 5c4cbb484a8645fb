"""The export: valid against the XSD, conditions in the schema's order, refused field by field."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from lxml import etree

from edcluster.partnerships.ewp import (
    IiaError,
    LanguageSkill,
    MobilityType,
    SubjectArea,
    iia_hash,
    iia_hashes,
    iia_validate,
    iia_xml,
)
from edcluster.partnerships.ewp.export import E

from . import factories


def test_the_export_is_valid_and_carries_each_hash():
    iias = [factories.iia(number) for number in range(1, 4)]
    document = iia_xml(iias)
    assert iia_validate(document) == []
    root = etree.fromstring(document)
    declared = [element.text for element in root.iter(f"{E}iia-hash")]
    assert declared == [iia_hash(each) for each in iias] == iia_hashes(document)
    assert len(set(declared)) == 3


def test_conditions_come_in_the_schemas_order_whatever_the_input():
    sample = factories.iia()
    shuffled = replace(sample, conditions=tuple(reversed(sample.conditions)))
    root = etree.fromstring(iia_xml([shuffled]))
    tags = [etree.QName(node).localname for node in root.find(f"{E}iia/{E}cooperation-conditions")]
    assert tags == [kind.element for kind in MobilityType for _ in range(2)]
    # within a type, the given order is kept (the hash depends on it)
    receivers = [
        node.findtext(f"{E}receiving-hei-id")
        for node in root.iter(f"{E}staff-teacher-mobility-spec")
    ]
    assert receivers == [factories.MEMBER, factories.PARTNER]


def test_optional_parts_are_valid_when_left_out_and_when_empty():
    sample = factories.iia()
    bare = replace(
        sample,
        in_effect=False,
        pdf_file="",
        partners=(
            replace(sample.partners[0], signing_contact=None, signing_date=None, contacts=()),
            replace(sample.partners[1], iia_id="", iia_code="", ounit_id=""),
        ),
        conditions=tuple(
            replace(each, total=None, other_info="", subject_areas=(SubjectArea("0711", ""),))
            for each in sample.conditions
        ),
    )
    document = iia_xml([bare])
    assert iia_validate(document) == []
    assert b"<in-effect>false</in-effect>" in document


def _problems(iia) -> list[tuple[str, str]]:
    with translation.override("en"), pytest.raises(IiaError) as caught:
        iia_xml([iia])
    return [(problem.field, problem.message) for problem in caught.value.problems]


def _change_first(sample, **changes):
    return replace(
        sample, conditions=(replace(sample.conditions[0], **changes), *sample.conditions[1:])
    )


def test_a_party_without_a_schac_id_is_refused_naming_it():
    sample = factories.iia()
    nameless = replace(
        sample, partners=(sample.partners[0], replace(sample.partners[1], hei_id=""))
    )
    problems = _problems(nameless)
    assert problems[0] == (
        "iia[1].partner[2].hei-id",
        "the party has no SCHAC id (its internet domain).",
    )


def test_a_five_digit_isced_code_is_refused_naming_it():
    problems = _problems(_change_first(factories.iia(), subject_areas=(SubjectArea("07111"),)))
    assert problems == [
        (
            "iia[1].student-studies-mobility-spec[1].subject-area[1].isced-f-code",
            "07111 is not a 4-digit ISCED-F detailed field.",
        )
    ]


def test_a_year_written_2025_26_is_refused_naming_it():
    problems = _problems(_change_first(factories.iia(), first_year="2025-26"))
    assert problems == [
        (
            "iia[1].student-studies-mobility-spec[1].receiving-first-academic-year-id",
            "2025-26 is not an academic year written YYYY/YYYY, e.g. 2025/2026.",
        )
    ]


def test_eqf_levels_on_staff_are_refused_naming_them():
    sample = factories.iia()
    staff = sample.conditions[4]
    assert staff.type is MobilityType.STAFF_TEACHING
    conditions = list(sample.conditions)
    conditions[4] = replace(staff, eqf_levels=(7,))
    assert _problems(replace(sample, conditions=tuple(conditions))) == [
        ("iia[1].staff-teacher-mobility-spec[5].eqf-level", "EQF levels apply to students only.")
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_year": "2025/2027"}, "receiving-first-academic-year-id", "2025/2027 is not"),
        ({"first_year": "2030/2031"}, "receiving-last-academic-year-id", "comes before the first"),
        ({"mobilities_per_year": 0}, "mobilities-per-year", "at least one"),
        ({"total": Decimal(0)}, "total-months-per-year", "positive"),
        ({"eqf_levels": (9,)}, "eqf-level", "1 to 8"),
        ({"language_skills": (LanguageSkill("en", "D1"),)}, "cefr-level", "A1 to C2"),
        ({"language_skills": (LanguageSkill("eng", "B1"),)}, "language", "ISO 639-1"),
        (
            {"language_skills": ()},
            "recommended-language-skill",
            "at least one recommended language",
        ),
        ({"receiving_hei_id": "nowhere.example"}, "receiving-hei-id", "not a party"),
    ],
)
def test_other_bad_terms_are_refused_naming_the_field(changes, field, message):
    problems = _problems(_change_first(factories.iia(), **changes))
    assert len(problems) == 1
    assert problems[0][0].endswith(field)
    assert message in problems[0][1]


def test_the_publishing_party_needs_its_id_and_code():
    sample = factories.iia()
    anonymous = replace(
        sample, partners=(replace(sample.partners[0], iia_id="", iia_code=""), sample.partners[1])
    )
    assert _problems(anonymous) == [
        ("iia[1].partner[1].iia-id", "the publishing party needs its own iia-id."),
        ("iia[1].partner[1].iia-code", "the publishing party needs its own iia-code."),
    ]


def test_the_refusal_is_translated():
    sample = factories.iia()
    nameless = replace(
        sample, partners=(sample.partners[0], replace(sample.partners[1], hei_id=""))
    )
    with translation.override("ru"), pytest.raises(IiaError) as caught:
        iia_xml([nameless])
    assert "SCHAC" in str(caught.value)
    assert "стороны" in str(caught.value)
