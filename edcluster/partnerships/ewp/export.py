"""An IIAs get response (IIA v7) built from plain values, with each IIA's `iia-hash`."""

from lxml import etree

from .checks import iias_check
from .hashing import iia_hash_of_element, iia_hashes_of_tree, terminated_anywhere
from .schema import safe_parser
from .terms import TYPE_ORDER, Contact, CooperationCondition, Iia, LanguageSkill, SubjectArea

NS = "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"
CONTACT_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"
PHONE_NS = "https://github.com/erasmus-without-paper/ewp-specs-types-phonenumber/tree/stable-v1"
NSMAP = {None: NS, "c": CONTACT_NS, "p": PHONE_NS}
E = f"{{{NS}}}"
C = f"{{{CONTACT_NS}}}"
P = f"{{{PHONE_NS}}}"


def iia_xml(iias: list[Iia]) -> bytes:
    """The response document, UTF-8; raises IiaError naming each field to correct first."""
    iias_check(iias)
    root = etree.Element(f"{E}iias-get-response", nsmap=NSMAP)  # type: ignore[dict-item]
    elements = [_iia(root, iia) for iia in iias]
    terminated = terminated_anywhere(root)
    for element in elements:
        hash_element = etree.Element(f"{E}iia-hash")
        hash_element.text = iia_hash_of_element(element, terminated=terminated)
        element.find(f"{E}cooperation-conditions").addnext(hash_element)  # type: ignore[union-attr]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _text(parent: etree._Element, tag: str, value: object) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = str(value)
    return element


def _iia(root: etree._Element, iia: Iia) -> etree._Element:
    element = etree.SubElement(root, f"{E}iia")
    for partner in iia.partners:
        node = etree.SubElement(element, f"{E}partner")
        _text(node, f"{E}hei-id", partner.hei_id)
        for tag, value in (
            ("ounit-id", partner.ounit_id),
            ("iia-id", partner.iia_id),
            ("iia-code", partner.iia_code),
        ):
            if value:
                _text(node, f"{E}{tag}", value)
        if partner.signing_contact is not None:
            _contact(node, f"{E}signing-contact", partner.signing_contact)
        if partner.signing_date is not None:
            _text(node, f"{E}signing-date", partner.signing_date.isoformat())
        for contact in partner.contacts:
            _contact(node, f"{C}contact", contact)
    _text(element, f"{E}in-effect", "true" if iia.in_effect else "false")
    conditions = etree.SubElement(element, f"{E}cooperation-conditions")
    if iia.terminated_as_a_whole:
        conditions.set("terminated-as-a-whole", "true")
    for condition in sorted(iia.conditions, key=lambda each: TYPE_ORDER.index(each.type)):
        _condition(conditions, condition)
    if iia.pdf_file:
        _text(element, f"{E}pdf-file", iia.pdf_file)
    return element


def _contact(parent: etree._Element, tag: str, contact: Contact) -> None:
    node = etree.SubElement(parent, tag)
    _text(node, f"{C}contact-name", contact.name)
    if contact.given_names:
        _text(node, f"{C}person-given-names", contact.given_names)
    if contact.family_name:
        _text(node, f"{C}person-family-name", contact.family_name)
    if contact.phone:
        phone = etree.SubElement(node, f"{P}phone-number")
        kind = "e164" if contact.phone.startswith("+") else "other-format"
        _text(phone, f"{P}{kind}", contact.phone)
    if contact.email:
        _text(node, f"{C}email", contact.email)
    if contact.role:
        _text(node, f"{C}role-description", contact.role)


def _condition(parent: etree._Element, condition: CooperationCondition) -> None:
    node = etree.SubElement(parent, f"{E}{condition.type.element}")
    _text(node, f"{E}sending-hei-id", condition.sending_hei_id)
    if condition.sending_ounit_id:
        _text(node, f"{E}sending-ounit-id", condition.sending_ounit_id)
    for contact in condition.sending_contacts:
        _contact(node, f"{E}sending-contact", contact)
    _text(node, f"{E}receiving-hei-id", condition.receiving_hei_id)
    if condition.receiving_ounit_id:
        _text(node, f"{E}receiving-ounit-id", condition.receiving_ounit_id)
    for contact in condition.receiving_contacts:
        _contact(node, f"{E}receiving-contact", contact)
    _text(node, f"{E}receiving-first-academic-year-id", condition.first_year)
    _text(node, f"{E}receiving-last-academic-year-id", condition.last_year)
    mobilities = _text(node, f"{E}mobilities-per-year", condition.mobilities_per_year)
    if condition.mobilities_not_yet_defined:
        mobilities.set("not-yet-defined", "true")
    for skill in condition.language_skills:
        _language(node, skill)
    for area in condition.subject_areas:
        _subject_area(node, area)
    if condition.other_info is not None:
        _text(node, f"{E}other-info-terms", condition.other_info)
    if condition.type.is_student:
        if condition.total is not None:
            _text(node, f"{E}total-months-per-year", format(condition.total, "f"))
        _text(node, f"{E}blended", "true" if condition.blended else "false")
        for level in condition.eqf_levels:
            _text(node, f"{E}eqf-level", level)
    elif condition.total is not None:
        _text(node, f"{E}total-days-per-year", format(condition.total, "f"))


def _language(parent: etree._Element, skill: LanguageSkill) -> None:
    node = etree.SubElement(parent, f"{E}recommended-language-skill")
    if skill.not_yet_defined:
        node.set("not-yet-defined", "true")
    _text(node, f"{E}language", skill.language)
    if skill.cefr:
        _text(node, f"{E}cefr-level", skill.cefr)
    if skill.subject_area is not None:
        _subject_area(node, skill.subject_area)


def _subject_area(parent: etree._Element, area: SubjectArea) -> None:
    node = etree.SubElement(parent, f"{E}subject-area")
    code = _text(node, f"{E}isced-f-code", area.isced)
    if area.v6_value:
        code.set("v6-value", area.v6_value)
    if area.clarification is not None:
        _text(node, f"{E}isced-clarification", area.clarification)


def iia_hash(iia: Iia, *, check: bool = True) -> str:
    """The `iia-hash` of one IIA as the only one of its response (checked first, as an export;
    `check=False` hashes what is there, for agreements that are never exported but signed)."""
    if check:
        iias_check([iia])
    root = etree.Element(f"{E}iias-get-response", nsmap=NSMAP)  # type: ignore[dict-item]
    element = _iia(root, iia)
    return iia_hash_of_element(element, terminated=iia.terminated_as_a_whole)


def iia_hashes(xml: bytes) -> list[str]:
    """The `iia-hash` the transform gives each IIA of a get response, in document order."""
    return iia_hashes_of_tree(etree.fromstring(xml, parser=safe_parser()))
