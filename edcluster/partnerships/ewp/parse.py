"""A partner's IIAs get response (v7) read into plain values, or refused with nothing imported.

Refused: more than 5 MB, anything but well-formed XML without a DOCTYPE, and anything the XSD
rejects (an `iia` without `iia-hash`, a year `x2014/2015`, a 5-digit ISCED code…), each
problem with its line and element. Contacts keep their first name, e-mail and phone only; they
are outside the hash.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from .export import C, E, P
from .problems import IiaError, IiaProblem
from .schema import safe_parser, tree_problems
from .terms import (
    Contact,
    CooperationCondition,
    Iia,
    LanguageSkill,
    MobilityType,
    Partner,
    SubjectArea,
)

MAX_BYTES = 5 * 1024 * 1024
TRUE = ("true", "1")
TYPES = {f"{E}{kind.element}": kind for kind in MobilityType}


def iia_parse(xml: bytes) -> list[Iia]:
    """The IIAs of the document, in its order; raises IiaError when it imports nothing."""
    if len(xml) > MAX_BYTES:
        raise IiaError([IiaProblem("file", _("the file is larger than 5 MB."))])
    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        raise IiaError([IiaProblem("file", _("the file is not XML."), line)]) from error
    if root.getroottree().docinfo.doctype:
        raise IiaError([IiaProblem("file", _("a DOCTYPE is not accepted."), 1)])
    problems = tree_problems(root)
    if problems:
        raise IiaError(problems)
    iias = []
    for element in root.iterfind(f"{E}iia"):
        if element.find(f"{E}iia-hash") is None:  # the XSD requires it; never trust one check
            raise IiaError([IiaProblem("iia", _("iia-hash is missing."), element.sourceline)])
        iias.append(_iia(element))
    return iias


def _text(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    return None if found is None else "".join(found.itertext())


def _iia(element: etree._Element) -> Iia:
    first, second = (_partner(node) for node in element.iterfind(f"{E}partner"))
    conditions = element.find(f"{E}cooperation-conditions")
    assert conditions is not None  # the XSD requires it
    return Iia(
        partners=(first, second),
        in_effect=_text(element, f"{E}in-effect") in TRUE,
        conditions=tuple(_condition(node) for node in conditions.iterchildren(etree.Element)),
        terminated_as_a_whole=conditions.get("terminated-as-a-whole") in TRUE,
        pdf_file=_text(element, f"{E}pdf-file") or "",
        iia_hash=_text(element, f"{E}iia-hash") or "",
    )


def _partner(node: etree._Element) -> Partner:
    signing = node.find(f"{E}signing-contact")
    signed_on = _text(node, f"{E}signing-date")
    return Partner(
        hei_id=_text(node, f"{E}hei-id") or "",
        ounit_id=_text(node, f"{E}ounit-id") or "",
        iia_id=_text(node, f"{E}iia-id") or "",
        iia_code=_text(node, f"{E}iia-code") or "",
        signing_contact=None if signing is None else _contact(signing),
        signing_date=None if signed_on is None else date.fromisoformat(signed_on.strip()[:10]),
        contacts=tuple(_contact(contact) for contact in node.iterfind(f"{C}contact")),
    )


def _contact(node: etree._Element) -> Contact:
    phone = node.find(f"{P}phone-number")
    number = ""
    if phone is not None:
        number = _text(phone, f"{P}e164") or _text(phone, f"{P}other-format") or ""
    return Contact(
        name=_text(node, f"{C}contact-name") or "",
        given_names=_text(node, f"{C}person-given-names") or "",
        family_name=_text(node, f"{C}person-family-name") or "",
        email=_text(node, f"{C}email") or "",
        phone=number,
        role=_text(node, f"{C}role-description") or "",
    )


def _condition(node: etree._Element) -> CooperationCondition:
    kind = TYPES[node.tag]
    mobilities = node.find(f"{E}mobilities-per-year")
    assert mobilities is not None  # the XSD requires it
    total = _text(
        node, f"{E}total-months-per-year" if kind.is_student else f"{E}total-days-per-year"
    )
    return CooperationCondition(
        type=kind,
        sending_hei_id=_text(node, f"{E}sending-hei-id") or "",
        sending_ounit_id=_text(node, f"{E}sending-ounit-id") or "",
        sending_contacts=tuple(_contact(each) for each in node.iterfind(f"{E}sending-contact")),
        receiving_hei_id=_text(node, f"{E}receiving-hei-id") or "",
        receiving_ounit_id=_text(node, f"{E}receiving-ounit-id") or "",
        receiving_contacts=tuple(_contact(each) for each in node.iterfind(f"{E}receiving-contact")),
        first_year=_text(node, f"{E}receiving-first-academic-year-id") or "",
        last_year=_text(node, f"{E}receiving-last-academic-year-id") or "",
        mobilities_per_year=int("".join(mobilities.itertext())),
        mobilities_not_yet_defined=mobilities.get("not-yet-defined") in TRUE,
        language_skills=tuple(
            _language(each) for each in node.iterfind(f"{E}recommended-language-skill")
        ),
        subject_areas=tuple(_subject_area(each) for each in node.iterfind(f"{E}subject-area")),
        other_info=_text(node, f"{E}other-info-terms"),
        total=None if total is None else Decimal(total.strip()),
        blended=_text(node, f"{E}blended") in TRUE,
        eqf_levels=tuple(int("".join(each.itertext())) for each in node.iterfind(f"{E}eqf-level")),
    )


def _language(node: etree._Element) -> LanguageSkill:
    area = node.find(f"{E}subject-area")
    return LanguageSkill(
        language=_text(node, f"{E}language") or "",
        cefr=_text(node, f"{E}cefr-level") or "",
        subject_area=None if area is None else _subject_area(area),
        not_yet_defined=node.get("not-yet-defined") in TRUE,
    )


def _subject_area(node: etree._Element) -> SubjectArea:
    code = node.find(f"{E}isced-f-code")
    assert code is not None  # the XSD requires it
    return SubjectArea(
        isced="".join(code.itertext()),
        clarification=_text(node, f"{E}isced-clarification"),
        v6_value=code.get("v6-value", ""),
    )
