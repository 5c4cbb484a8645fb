"""The spec's XSLT run by Saxon-HE (saxonche, a development dependency): the reference the
Python port of the transform is held to, and the other option the benchmark measures."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

XSLT = Path(settings.DATA_DIR, "ewp/ewp-specs-api-iias/stable-v7/resources/xsltKit")


@cache
def _transformer():  # noqa: ANN202 - saxonche has no type hints
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    compiler = processor.new_xslt30_processor()
    executable = compiler.compile_stylesheet(stylesheet_file=str(XSLT / "transform_version_7.xsl"))
    return processor, executable


def texts_to_hash(document: bytes) -> list[str]:
    processor, executable = _transformer()
    node = processor.parse_xml(xml_text=document.decode("utf-8"))
    output = executable.transform_to_string(xdm_node=node)
    root = etree.fromstring(output.encode("utf-8"))
    return [element.text or "" for element in root.iter("text-to-hash")]


def saxon_hashes(document: bytes) -> list[str]:
    return [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts_to_hash(document)]
