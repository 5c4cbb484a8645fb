"""Catalog export: a selection of products written in one of the open formats, streamed."""

import codecs
import io
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import pgettext

from edcluster.catalog.formats import case, elm
from edcluster.catalog.formats.schemaorg import product_to_schemaorg
from edcluster.catalog.formats.spreadsheet import write_csv, write_xlsx
from edcluster.catalog.formats.table import product_row
from edcluster.catalog.models import Product

FORMATS = {
    "elm": ("application/ld+json", "jsonld"),
    "schemaorg": ("application/ld+json", "jsonld"),
    "case": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
CHUNK = 500


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def products_in_chunks(ids: list[int]) -> Iterator[Product]:
    """The products of the ids, in that order, with everything the formats read prefetched."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = (
            Product.objects.filter(pk__in=chunk)
            .select_related("field", "framework")
            .prefetch_related("ownerships__organization", "priority_areas", "outcomes", "offerings")
            .in_bulk()
        )
        yield from (found[pk] for pk in chunk if pk in found)


def _json_stream(head: str, nodes: Iterable[dict], tail: str) -> Iterator[bytes]:
    yield head.encode()
    for number, node in enumerate(nodes):
        text = json.dumps(node, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield ((",\n" if number else "\n") + text).encode()
    yield tail.encode()


def export_stream(ids: list[int], *, format: str) -> Iterator[bytes]:
    """The products of the ids in the format, as chunks of bytes."""
    site, source = site_url(), settings.CATALOG_SOURCE_SYSTEM
    products = products_in_chunks(ids)
    if format == "elm":
        head = json.dumps({"@context": elm.CONTEXT_URL})[:-1] + ', "@graph": ['
        nodes = (elm.opportunity(p, site=site, source_system=source) for p in products)
        return _json_stream(head, nodes, "\n]}\n")
    if format == "schemaorg":
        nodes = (
            {
                key: value
                for key, value in product_to_schemaorg(p, url=f"{site}/catalog/{p.slug}/").items()
                if key != "@context"
            }
            for p in products
        )
        return _json_stream('{"@context": "https://schema.org", "@graph": [', nodes, "\n]}\n")
    if format == "case":
        return _json_stream("[", (case.package(p, site=site) for p in products), "\n]\n")
    rows = (product_row(p, source_system=source) for p in products)
    if format == "csv":
        return _csv_stream(rows)
    out = io.BytesIO()
    write_xlsx(rows, out)
    return iter([out.getvalue()])


def export_response(ids: list[int], *, format: str) -> StreamingHttpResponse:
    """The products of the ids as a file to download, streamed."""
    content_type, extension = FORMATS[format]
    response = StreamingHttpResponse(export_stream(ids, format=format), content_type=content_type)
    catalog = pgettext("file name", "catalog")
    name = f"{catalog}-{format}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _csv_stream(rows: Iterable[dict[str, str]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    batch: list[dict[str, str]] = []

    def flush(header: bool) -> bytes:
        write_csv(batch, buffer, header=header)
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        batch.clear()
        return data

    # The byte order mark tells Excel the file is UTF-8 (without it Russian text shows as garbage);
    # our own import and Python's "utf-8-sig" read past it.
    yield codecs.BOM_UTF8
    first = True
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield flush(first)
            first = False
    yield flush(first)
