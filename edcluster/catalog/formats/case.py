"""1EdTech CASE 1.1: educational standards and competency frameworks as CFPackage JSON.

A package that comes in is validated against the official JSON Schema
(data/standards/case-v1p1) and kept whole with its product, so it exports again without
loss; its items are unfolded into FrameworkItem rows for reading. A product without a package
exports as a framework whose items are its learning outcomes.
"""

import json
import uuid
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from edcluster.catalog.formats.spreadsheet import FileError, Rows, read_json
from edcluster.catalog.models import Framework, FrameworkItem, Product

SCHEMA_DIR = ("standards", "case-v1p1")
PACKAGE_SCHEMA = "case_v1p1_cfpackage-jsonschema1.json"
PACKAGE_KEY = "__case__"  # the whole package travels beside the row's columns
STATUS = {"published": "Adopted", "draft": "Draft", "in_review": "Draft", "archived": "Deprecated"}


@cache
def schema() -> dict:
    path = Path(settings.DATA_DIR, *SCHEMA_DIR, PACKAGE_SCHEMA)
    return json.loads(path.read_text(encoding="utf-8"))


def problems(package: dict, limit: int = 10) -> list[str]:
    """What makes a package invalid against the CASE 1.1 schema, by JSON path."""
    from jsonschema import Draft201909Validator

    validator = Draft201909Validator(schema())
    found = sorted(validator.iter_errors(package), key=lambda error: list(error.absolute_path))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(package)'}: {error.message}"
        for error in found[:limit]
    ]


def _stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _link(title: str, identifier: str, uri: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": uri}


def package(product: Product, *, site: str) -> dict:
    """The product as a CFPackage: its stored package, or one built from its outcomes."""
    stored = stored_package(product)
    if stored is not None:
        current = product.title_en or product.title_ru
        if stored["CFDocument"]["title"] == current:
            return stored
        # Edited here since it came in: the document says so.
        document = stored["CFDocument"] | {
            "title": current,
            "lastChangeDateTime": _stamp(product.updated_at),
        }
        return stored | {"CFDocument": document}
    url = f"{site}/catalog/{product.slug}/"
    document_id = str(uuid.uuid5(uuid.NAMESPACE_URL, url))
    title = product.title_en or product.title_ru
    lead = next((o for o in product.ownerships.all() if o.role == "lead"), None)
    changed = _stamp(product.updated_at)
    document = {
        "identifier": document_id,
        "uri": f"{url}case",
        "creator": str(lead.organization) if lead else settings.CATALOG_SOURCE_SYSTEM,
        "title": title,
        "lastChangeDateTime": changed,
        "officialSourceURL": url,
        "adoptionStatus": STATUS.get(product.status, "Draft"),
        "caseVersion": "1.1",
    }
    if product.summary_en or product.summary_ru:
        document["description"] = product.summary_en or product.summary_ru
    if product.languages:
        document["language"] = product.languages[0]
    items, associations = [], []
    for outcome in product.outcomes.all():
        item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{url}outcome/{outcome.position}"))
        items.append(
            {
                "identifier": item_id,
                "uri": f"{url}case/items/{item_id}",
                "fullStatement": outcome.text,
                "humanCodingScheme": str(outcome.position),
                "language": outcome.language,
                "CFItemType": "Learning outcome",
                "lastChangeDateTime": changed,
            }
        )
        link_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{url}outcome/{outcome.position}/parent"))
        associations.append(
            {
                "identifier": link_id,
                "uri": f"{url}case/associations/{link_id}",
                "associationType": "isChildOf",
                "sequenceNumber": outcome.position,
                "originNodeURI": _link(outcome.text[:200], item_id, items[-1]["uri"]),
                "destinationNodeURI": _link(title, document_id, document["uri"]),
                "lastChangeDateTime": changed,
            }
        )
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def _has_framework(product: Product) -> bool:
    try:
        product.framework  # noqa: B018 (the reverse one-to-one raises when there is none)
    except Framework.DoesNotExist:
        return False
    return True


def stored_package(product: Product) -> dict | None:
    return product.framework.package if _has_framework(product) else None


def read(data: bytes) -> Rows:
    """One row per package (a file holds one package, or a list of them)."""
    parsed = read_json(data)
    packages = parsed if isinstance(parsed, list) else [parsed]
    for number, item in enumerate(packages, start=1):
        if not isinstance(item, dict):
            raise FileError(_("Expected a CASE CFPackage object."))
        found = problems(item)
        if found:
            raise FileError(
                _("Package %(number)s is not valid CASE 1.1: %(problems)s")
                % {"number": number, "problems": "; ".join(found)}
            )
    for number, item in enumerate(packages, start=1):
        yield f"package {number}", _row(item)


def _row(package: dict) -> dict:
    document = package["CFDocument"]
    title = document["title"].strip()
    cyrillic = any("а" <= char.lower() <= "я" for char in title)
    description = (document.get("description") or "").strip()
    site = settings.SITE_URL.rstrip("/") + "/catalog/"
    row = {
        "external_id": document["identifier"],
        "kind": Product.Kind.STANDARD,
        "title_ru" if cyrillic else "title_en": title[:300],
        "summary_ru" if cyrillic else "summary_en": description,
        PACKAGE_KEY: package,
    }
    official = document.get("officialSourceURL") or ""
    if official.startswith(site):  # one of ours, exported earlier: its outcomes are the items
        row["source_system"] = settings.CATALOG_SOURCE_SYSTEM
        row["external_id"] = official[len(site) :].strip("/")
        row["outcomes"] = "\n".join(item["fullStatement"] for item in package.get("CFItems", []))
        row.pop(PACKAGE_KEY)
    return row


def framework_store(*, product: Product, package: dict) -> None:
    """Keep the package with the product and unfold its items (parents from isChildOf)."""
    framework, _created = Framework.objects.update_or_create(
        product=product, defaults={"package": package}
    )
    items = package.get("CFItems", [])
    parents: dict[str, tuple[str, int]] = {}
    for association in package.get("CFAssociations", []):
        if association["associationType"] == "isChildOf":
            origin = association["originNodeURI"]["identifier"]
            parents[origin] = (
                association["destinationNodeURI"]["identifier"],
                association.get("sequenceNumber") or 0,
            )
    known = {item["identifier"] for item in items}

    def depth(identifier: str, seen: int = 0) -> int:
        parent = parents.get(identifier, ("", 0))[0]
        return 0 if parent not in known or seen > 50 else 1 + depth(parent, seen + 1)

    framework.items.all().delete()
    FrameworkItem.objects.bulk_create(
        [
            FrameworkItem(
                framework=framework,
                identifier=item["identifier"][:100],
                code=(item.get("humanCodingScheme") or "")[:200],
                statement=item["fullStatement"],
                item_type=(item.get("CFItemType") or "")[:200],
                parent=parents.get(item["identifier"], ("", 0))[0][:100],
                depth=depth(item["identifier"]),
                position=position,
            )
            for position, item in enumerate(items, start=1)
        ]
    )
