"""`iia-hash`: SHA-256 of the `text-to-hash` that the spec's XSLT `transform_version_7.xsl` builds.

A line-by-line port of the transform (data/ewp/ewp-specs-api-iias/stable-v7/resources/xsltKit/),
kept faithful to its quirks because partners hash with the XSLT itself:

- `_@terminated-as-a-whole@_` opens every IIA's text when *any* `cooperation-conditions` of the
  document carries `terminated-as-a-whole="true"` (the XSLT asks `//`, the whole document);
- both partners' `iia-id` as `_iia-id_N=…_` (empty when missing);
- per mobility, every descendant element in document order, except the contents of
  `sending-contact` / `receiving-contact`, the two academic years and anything under an element
  flagged `not-yet-defined`: first its attributes (`not-yet-defined` and `v6-value` left out) as
  `_@grandparent.parent.element.attribute=value@_`, then, for an element with no child element,
  `_grandparent.parent.element=value_`, where an `isced-f-code`'s value is its `v6-value` if set;
- then the mobility's first and last receiving academic year.

Values are the elements' string values as written (whitespace kept), names local names.
The result is checked against Saxon-HE running the XSLT itself in the tests.
"""

import hashlib

from lxml import etree

CONTACTS = {"sending-contact", "receiving-contact"}
YEARS = ("receiving-first-academic-year-id", "receiving-last-academic-year-id")
UNFLAGGED = {"not-yet-defined", "v6-value"}
TRUE = ("true", "1")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _elements(element: etree._Element) -> list[etree._Element]:
    return list(element.iterchildren(etree.Element))


def _string(element: etree._Element) -> str:
    if len(element) == 0:  # no child node at all: the text is all
        return element.text or ""
    return "".join(element.itertext())


def terminated_anywhere(root: etree._Element) -> bool:
    """Whether the document's `//cooperation-conditions/@terminated-as-a-whole` says true."""
    for element in root.iter(etree.Element):
        if _local(element.tag) == "cooperation-conditions":
            for name, value in element.attrib.items():
                if _local(name) == "terminated-as-a-whole" and value in TRUE:
                    return True
    return False


def text_to_hash(iia: etree._Element, *, terminated: bool) -> str:
    """The transform's `text-to-hash` of one `iia` element."""
    parts = ["_@terminated-as-a-whole@_"] if terminated else []
    partners = [child for child in _elements(iia) if _local(child.tag) == "partner"]
    for position, partner in enumerate(partners, 1):
        ids = [child for child in _elements(partner) if _local(child.tag) == "iia-id"]
        parts.append(f"_iia-id_{position}={_string(ids[0]) if ids else ''}_")
    for conditions in _elements(iia):
        if _local(conditions.tag) != "cooperation-conditions":
            continue
        for mobility in _elements(conditions):
            _mobility(mobility, parts)
    return "".join(parts)


def _mobility(mobility: etree._Element, parts: list[str]) -> None:
    above = [mobility, *mobility.iterancestors()]
    in_contact = any(_local(element.tag) in CONTACTS for element in above)
    flagged = any(element.get("not-yet-defined") in TRUE for element in above)
    parent = mobility.getparent()
    grandparent = _local(parent.tag) if parent is not None else ""
    _walk(mobility, _local(mobility.tag), grandparent, in_contact, flagged, parts)
    for name in YEARS:
        found = [child for child in _elements(mobility) if _local(child.tag) == name]
        parts.append(f"_{name}={_string(found[0]) if found else ''}_")


def _walk(
    element: etree._Element,
    parent: str,
    grandparent: str,
    in_contact: bool,
    flagged: bool,
    parts: list[str],
) -> None:
    for child in element.iterchildren(etree.Element):
        name = _local(child.tag)
        attributes = child.attrib
        child_flagged = flagged or (bool(attributes) and attributes.get("not-yet-defined") in TRUE)
        has_children = len(child) > 0 and any(True for _ in child.iterchildren(etree.Element))
        if not in_contact and name not in YEARS and not child_flagged:
            prefix = f"{grandparent}.{parent}.{name}"
            for attribute, value in attributes.items():
                if attribute not in UNFLAGGED:
                    parts.append(f"_@{prefix}.{_local(attribute)}={value}@_")
            if not has_children:
                value = _string(child)
                if name == "isced-f-code" and attributes.get("v6-value"):
                    value = attributes.get("v6-value", "")
                parts.append(f"_{prefix}={value}_")
        if has_children:
            _walk(child, name, parent, in_contact or name in CONTACTS, child_flagged, parts)


def iia_hash_of_element(iia: etree._Element, *, terminated: bool) -> str:
    text = text_to_hash(iia, terminated=terminated)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iia_hashes_of_tree(root: etree._Element) -> list[str]:
    """The hash of each `iia` of a parsed get response, in document order."""
    terminated = terminated_anywhere(root)
    return [
        iia_hash_of_element(element, terminated=terminated)
        for element in root.iter(etree.Element)
        if _local(element.tag) == "iia"
    ]
