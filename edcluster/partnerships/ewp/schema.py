"""Validation against the IIAs v7 get-response XSD, offline: every import it makes is read from
data/ewp/ through URL-MAP.tsv, nothing is downloaded, and the schema is compiled once a process."""

import re
from functools import cache
from pathlib import Path

import xmlschema
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from .problems import IiaProblem

SCHEMA = "ewp-specs-api-iias/stable-v7/endpoints/get-response.xsd"
NAMESPACE = re.compile(r"\{[a-z]+:[^}]*\}")


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "ewp"


def _url_map(folder: Path) -> dict[str, str]:
    mapped = {}
    for line in (folder / "URL-MAP.tsv").read_text(encoding="utf-8").splitlines():
        url, _tab, local = line.partition("\t")
        if not url.startswith("#") and not local.startswith("-"):
            mapped[url] = (folder / local).resolve().as_uri()
    return mapped


@cache
def iia_schema() -> xmlschema.XMLSchema10:
    folder = _folder()
    return xmlschema.XMLSchema10(
        str(folder / SCHEMA), uri_mapper=_url_map(folder), allow="local", defuse="always"
    )


def tree_problems(root: etree._Element) -> list[IiaProblem]:
    """Each XSD error of a parsed document, by line and element."""
    problems = []
    for error in iia_schema().iter_errors(root):
        element = error.elem
        line = getattr(element, "sourceline", None)
        name = etree.QName(element).localname if element is not None else "?"
        reason = NAMESPACE.sub("", error.reason or _("not valid"))
        if isinstance(error.obj, str):
            reason = _("%(reason)s (value %(value)r)") % {"reason": reason, "value": error.obj}
        problems.append(IiaProblem(name, reason, line))
    return problems


def iia_validate(xml: bytes) -> list[IiaProblem]:
    """The document's errors against the XSD, each naming its line and element; [] when valid."""
    try:
        root = etree.fromstring(xml, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        return [
            IiaProblem(
                "xml", _("not well-formed XML: %(error)s") % {"error": error.msg}, error.lineno
            )
        ]
    return tree_problems(root)


def safe_parser() -> etree.XMLParser:
    """No DTD, no entities from outside, no network: a partner's file is untrusted."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
