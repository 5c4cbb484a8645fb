"""Validation against the IIAs v7 get-response XSD, offline: every import it makes is read from
data/ewp/ through URL-MAP.tsv, nothing is downloaded, and the schema is compiled once a process.

Two validators read the same files: libxml2 (lxml's XMLSchema, in C) decides whether a document
is valid, in 0.1–0.3 ms an IIA; xmlschema (5–12 ms an IIA) names the line, the element and
the reason when it is not (and is the one the tests hold the files to). The tests check that
both give the same verdict on the examples, on exports and on every refused case; should they
ever differ on a document libxml2 refuses, libxml2's own errors are reported.
"""

import re
import threading
from functools import cache
from pathlib import Path

import xmlschema
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from .problems import IiaProblem

SCHEMA = "ewp-specs-api-iias/stable-v7/endpoints/get-response.xsd"
XML_XSD = "http://www.w3.org/2001/03/xml.xsd"
NAMESPACE = re.compile(r"\{[a-z]+:[^}]*\}")
LIBXML2_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "ewp"


def _local_copies(folder: Path) -> dict[str, Path]:
    """Each import URL of the XSDs and its copy in data/ewp/, from URL-MAP.tsv."""
    mapped = {}
    for line in (folder / "URL-MAP.tsv").read_text(encoding="utf-8").splitlines():
        url, _tab, local = line.partition("\t")
        if not url.startswith("#") and not local.startswith("-"):
            mapped[url] = (folder / local).resolve()
    return mapped


class _LocalCopies(etree.Resolver):
    """Imports resolved to data/ewp/ (and the W3C xml.xsd to xmlschema's bundled copy)."""

    def __init__(self, mapped: dict[str, str]) -> None:
        super().__init__()
        self.mapped = mapped

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        path = self.mapped.get(system_url)
        return None if path is None else self.resolve_filename(path, context)


_per_thread = threading.local()


def _libxml2_schema() -> etree.XMLSchema:
    """One per thread: lxml's validators keep their error log on the object."""
    schema = getattr(_per_thread, "schema", None)
    if schema is None:
        folder = _folder()
        mapped = {url: str(path) for url, path in _local_copies(folder).items()}
        mapped[XML_XSD] = str(Path(xmlschema.__file__).parent / "schemas/XML/xml.xsd")
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        parser.resolvers.add(_LocalCopies(mapped))
        schema = etree.XMLSchema(etree.parse(str(folder / SCHEMA), parser))
        _per_thread.schema = schema
    return schema


@cache
def iia_schema() -> xmlschema.XMLSchema10:
    folder = _folder()
    mapped = {url: path.as_uri() for url, path in _local_copies(folder).items()}
    return xmlschema.XMLSchema10(
        str(folder / SCHEMA), uri_mapper=mapped, allow="local", defuse="always"
    )


def tree_problems(root: etree._Element) -> list[IiaProblem]:
    """Each XSD error of a parsed document, by line and element."""
    fast = _libxml2_schema()
    if fast.validate(root):
        return []
    problems = _detailed(root)
    if problems:
        return problems
    return [_from_libxml2(entry) for entry in fast.error_log]


def _from_libxml2(entry: etree._LogEntry) -> IiaProblem:
    named = LIBXML2_ELEMENT.match(entry.message)
    message = NAMESPACE.sub("", entry.message)
    return IiaProblem(named.group(1) if named else "?", message, entry.line)


def _detailed(root: etree._Element) -> list[IiaProblem]:
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
