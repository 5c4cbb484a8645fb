"""Catalog import: files in, products created or updated, keyed by source system and external id.

A run reads the whole file first (a file that cannot be read imports nothing), then takes the
rows in chunks of CHUNK, each chunk in one transaction, recording progress between chunks. Every
row ends in exactly one of created, updated, unchanged or rejected; a preview (dry run) counts
the same without writing. Re-running a file changes nothing.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.selectors import EDITING_ROLES, organization_ids_of
from edcluster.catalog.formats import case
from edcluster.catalog.formats.spreadsheet import FileError, Rows, read_csv, read_xlsx
from edcluster.catalog.formats.table import ParsedRow, RowError, check_product, parse_row
from edcluster.catalog.models import (
    ImportRun,
    LearningOutcome,
    Product,
    ProductOwner,
    StageChange,
)
from edcluster.catalog.search import index_products
from edcluster.core.models import AuditEntry
from edcluster.core.services import audit_record, slug_of
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea

CHUNK = 1000
ACTIONS_KEPT = 1000  # a preview lists this many row actions (the counts cover every row)
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonld": "elm", ".json": "case"}


def source_of_own_records() -> str:
    return settings.CATALOG_SOURCE_SYSTEM


def guess_format(file_name: str) -> str:
    for suffix, name in FORMATS.items():
        if file_name.lower().endswith(suffix):
            return name
    raise ValidationError({"format": _("Say which format the file is in.")})


def _editable(actor) -> set[int]:
    ids = organization_ids_of(user=actor, roles=EDITING_ROLES)
    return {row["organization_id"] for row in ids}


@transaction.atomic
def import_start(
    *,
    actor,
    data: bytes,
    file_name: str,
    format: str = "",
    owner: Organization | None = None,
    encoding: str = "utf-8",
    source_system: str = "",
    dry_run: bool = True,
    publish: bool = False,
    enqueue: bool = True,
) -> ImportRun:
    """Record an import of a file and queue it (a preview unless dry_run is False). No actor
    means the command line, which has an operator's rights."""
    operator = actor is None or actor.is_operator
    if not operator and (owner is None or owner.pk not in _editable(actor)):
        raise PermissionDenied(_("Import into an organization whose products you edit."))
    if publish and not operator:
        raise PermissionDenied(_("Only operators publish on import."))
    if len(data) > settings.CATALOG_IMPORT_MAX_BYTES:
        limit = settings.CATALOG_IMPORT_MAX_BYTES // 2**20
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}}
        )
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    format = format or guess_format(file_name)
    if format not in ImportRun.Format.values:
        raise ValidationError({"format": _("Unknown format.")})
    if encoding not in ("utf-8", "cp1251"):
        raise ValidationError({"encoding": _("Choose UTF-8 or Windows-1251.")})
    run = ImportRun.objects.create(
        actor=actor, owner=owner, format=format, file_name=file_name[:255], data=data,
        encoding=encoding, source_system=source_system or "import", dry_run=dry_run,
        publish=publish,
    )  # fmt: skip
    audit_record(actor=actor, verb="catalog.import_queued", target=run,
                 data={"dry_run": dry_run, "format": format})  # fmt: skip
    if enqueue:
        from edcluster.catalog.tasks import run_import

        transaction.on_commit(lambda: run_import.enqueue(run_id=run.pk))
    return run


def import_confirm(*, preview: ImportRun, actor, enqueue: bool = True) -> ImportRun:
    """Import for real the file a finished preview showed."""
    if actor is not None and preview.actor_id != actor.pk and not actor.is_operator:
        raise PermissionDenied
    if not preview.dry_run or preview.status != ImportRun.Status.DONE:
        raise ValidationError({"run": _("Only a finished preview can be confirmed.")})
    run = import_start(
        actor=actor, data=bytes(preview.data), file_name=preview.file_name, format=preview.format,
        owner=preview.owner, encoding=preview.encoding, source_system=preview.source_system,
        dry_run=False, publish=preview.publish, enqueue=enqueue,
    )  # fmt: skip
    ImportRun.objects.filter(pk=run.pk).update(previewed=preview)
    return run


def _rows(run: ImportRun) -> Rows:
    data = bytes(run.data)
    if run.format == "csv":
        return read_csv(data, encoding=run.encoding)
    if run.format == "xlsx":
        return read_xlsx(data)
    if run.format == "elm":
        from edcluster.catalog.formats import elm

        return elm.read(data)
    return case.read(data)


@dataclass
class Context:
    run: ImportRun
    organizations: dict[str, Organization]
    fields: dict[str, FieldOfEducation]
    areas: dict[tuple[str, str], PriorityArea]
    editable: set[int]
    operator: bool
    seen: dict[tuple[str, str], int | str] = dc_field(default_factory=dict)
    content_type: ContentType | None = None


def _context(run: ImportRun) -> Context:
    actor = run.actor
    return Context(
        run=run,
        organizations={o.slug: o for o in Organization.objects.all()},
        fields={f.code: f for f in FieldOfEducation.objects.all()},
        areas={(a.list, a.code): a for a in PriorityArea.objects.all()},
        editable=_editable(actor) if actor else set(),
        operator=actor is None or actor.is_operator,
        content_type=ContentType.objects.get_for_model(Product),
    )


@dataclass
class Incoming:
    line: int | str
    row: ParsedRow
    owners: list[Organization] | None  # None: the file does not say
    education_field: FieldOfEducation | None
    areas: list[PriorityArea] | None
    package: dict | None = None  # a CASE framework that comes with the row
    product: Product | None = None
    changes: list[str] = dc_field(default_factory=list)


def _resolve(ctx: Context, line: int | str, raw: dict[str, str]) -> Incoming:
    if "" in raw:
        raise RowError("", raw[""])
    package: Any = raw.pop(case.PACKAGE_KEY, None)
    spreadsheet = ctx.run.format in (ImportRun.Format.CSV, ImportRun.Format.XLSX)
    row = parse_row(raw, source_system=ctx.run.source_system, spreadsheet=spreadsheet)
    if row.key in ctx.seen:
        raise RowError(
            "external_id", _("The same key as row %(line)s.") % {"line": ctx.seen[row.key]}
        )
    ctx.seen[row.key] = line
    owners = None
    if row.owners:
        owners = []
        for slug in dict.fromkeys(row.owners):
            organization = ctx.organizations.get(slug)
            if organization is None or organization.status != Organization.Status.ADMITTED:
                message = _("No admitted member “%(slug)s”.")
                raise RowError("owners", message % {"slug": slug[:80]})
            owners.append(organization)
        if not ctx.operator and owners[0].pk not in ctx.editable:
            raise RowError("owners", _("You do not edit the products of %(name)s.")
                           % {"name": owners[0]})  # fmt: skip
    field_ = None
    if row.field_code:
        field_ = ctx.fields.get(row.field_code)
        if field_ is None:
            raise RowError(
                "field", _("Unknown ISCED-F code %(code)s.") % {"code": row.field_code[:8]}
            )
    areas: list[PriorityArea] | None = None if row.areas is None else []
    for key in row.areas or ():
        if key not in ctx.areas:
            raise RowError(
                "priority_areas", _("Unknown priority area %(key)s.") % {"key": ":".join(key)[:60]}
            )
        areas.append(ctx.areas[key])  # type: ignore[union-attr]
    return Incoming(
        line=line, row=row, owners=owners, education_field=field_, areas=areas, package=package
    )


def _existing(keys: list[tuple[str, str]]) -> dict[tuple[str, str], Product]:
    own = source_of_own_records()
    found: dict[tuple[str, str], Product] = {}
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    details = ("ownerships__organization", "priority_areas", "outcomes")
    for source, ids in by_source.items():
        products = Product.objects.select_related("framework").prefetch_related(*details)
        for product in products.filter(source_system=source, external_id__in=ids):
            found[(source, product.external_id)] = product
        if source == own:
            for product in products.filter(slug__in=ids, external_id=""):
                found[(source, product.slug)] = product
    return found


def _changes(incoming: Incoming, product: Product) -> list[str]:
    row = incoming.row
    changed = [name for name, value in row.fields.items() if getattr(product, name) != value]
    if row.field_code is not None and product.field_id != (
        incoming.education_field.pk if incoming.education_field else None
    ):
        changed.append("field")
    owners = sorted(product.ownerships.all(), key=lambda o: (o.role != "lead", o.pk))
    if incoming.owners is not None and [o.organization_id for o in owners] != [
        o.pk for o in incoming.owners
    ]:
        changed.append("owners")
    if incoming.areas is not None and {a.pk for a in product.priority_areas.all()} != {
        a.pk for a in incoming.areas
    }:
        changed.append("priority_areas")
    current = [(o.text, o.language) for o in product.outcomes.all()]
    if row.outcomes is not None and current != row.outcomes:
        changed.append("outcomes")
    if row.stage and row.stage != product.stage:
        changed.append("stage")
    if incoming.package is not None and incoming.package != case.stored_package(product):
        changed.append("framework")
    return changed


def _slug(row: ParsedRow) -> str:
    digest = hashlib.sha1("\x1f".join(row.key).encode()).hexdigest()[:8]
    title = row.fields.get("title_en") or row.fields.get("title_ru") or ""
    base = slug_of(title)[:80].strip("-") or "product"
    return f"{base}-{digest}"


def _write(ctx: Context, creates: list[Incoming], updates: list[Incoming]) -> None:
    run, now = ctx.run, timezone.now()
    published = run.publish
    new = []
    for incoming in creates:
        source, external_id = incoming.row.key
        new.append(Product(
            **incoming.row.fields, field=incoming.education_field, slug=_slug(incoming.row),
            source_system=source, external_id=external_id,
            stage=incoming.row.stage or Product.Stage.IDEA,
            status=Product.Status.PUBLISHED if published else Product.Status.DRAFT,
            published_at=now if published else None,
        ))  # fmt: skip
    taken = set(
        Product.objects.filter(slug__in=[p.slug for p in new]).values_list("slug", flat=True)
    )
    for product in new:
        if product.slug in taken:
            product.slug = (
                f"{product.slug}-{hashlib.sha1(product.external_id.encode()).hexdigest()[8:14]}"
            )
    Product.objects.bulk_create(new, batch_size=500)
    for incoming, product in zip(creates, new, strict=True):
        incoming.product = product
    changed_fields: set[str] = {"updated_at"}
    changed_products: list[Product] = []
    for incoming in updates:
        current = incoming.product
        assert current is not None
        for name in incoming.changes:
            if name in incoming.row.fields:
                setattr(current, name, incoming.row.fields[name])
                changed_fields.add(name)
        if "field" in incoming.changes:
            current.field = incoming.education_field
            changed_fields.add("field")
        current.updated_at = now
        changed_products.append(current)
    Product.objects.bulk_update(changed_products, sorted(changed_fields), batch_size=500)
    _relations(ctx, creates, updates)
    for incoming in [*creates, *updates]:
        if incoming.package is not None and (
            incoming in creates or "framework" in incoming.changes
        ):
            case.framework_store(product=incoming.product, package=incoming.package)  # type: ignore[arg-type]
    index_products([i.product.pk for i in [*creates, *updates]])  # type: ignore[union-attr]
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=run.actor, verb="product.imported", target_type=ctx.content_type,
                   target_id=str(i.product.pk), target_repr=str(i.product)[:300],  # type: ignore[union-attr]
                   data={"run": run.pk, "action": action, "line": i.line,
                         "fields": sorted(i.changes)})
        for action, group in (("created", creates), ("updated", updates)) for i in group
    ], batch_size=1000)  # fmt: skip


def _relations(ctx: Context, creates: list[Incoming], updates: list[Incoming]) -> None:
    def changed(name: str) -> list[Incoming]:
        return creates + [i for i in updates if name in i.changes]

    owners = changed("owners")
    ProductOwner.objects.filter(product__in=[i.product for i in owners if i in updates]).delete()
    ProductOwner.objects.bulk_create([
        ProductOwner(product=i.product, organization=organization,
                     role=ProductOwner.Role.LEAD if position == 0 else ProductOwner.Role.PARTNER)
        for i in owners for position, organization in enumerate(i.owners or ())
    ], batch_size=1000)  # fmt: skip
    outcomes = changed("outcomes")
    LearningOutcome.objects.filter(
        product__in=[i.product for i in outcomes if i in updates]
    ).delete()
    LearningOutcome.objects.bulk_create([
        LearningOutcome(product=i.product, position=position, text=text, language=language)
        for i in outcomes
        for position, (text, language) in enumerate(i.row.outcomes or (), start=1)
    ], batch_size=1000)  # fmt: skip
    areas = changed("priority_areas")
    through = Product.priority_areas.through
    through.objects.filter(product__in=[i.product for i in areas if i in updates]).delete()
    through.objects.bulk_create([
        through(product=i.product, priorityarea=area) for i in areas for area in i.areas or ()
    ], batch_size=1000)  # fmt: skip
    stages = []
    for incoming in creates:
        stages.append(StageChange(product=incoming.product, to_stage=incoming.product.stage,  # type: ignore[union-attr]
                                  actor=ctx.run.actor, note=_("imported")))  # fmt: skip
    for incoming in updates:
        if "stage" in incoming.changes:
            product = incoming.product
            assert product is not None
            last = product.stage
            stages.append(StageChange(product=product, from_stage=last, to_stage=incoming.row.stage,
                                      actor=ctx.run.actor, note=_("imported")))  # fmt: skip
            product.stage = incoming.row.stage
            Product.objects.filter(pk=product.pk).update(stage=product.stage)
    StageChange.objects.bulk_create(stages, batch_size=1000)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = dc_field(default_factory=list)
    actions: list[dict] = dc_field(default_factory=list)

    def act(self, action: str, incoming: Incoming) -> None:
        setattr(self, action, getattr(self, action) + 1)
        if len(self.actions) < ACTIONS_KEPT:
            fields = incoming.row.fields
            title = fields.get("title_ru") or fields.get("title_en") or ""
            self.actions.append({"line": incoming.line, "action": action, "title": title[:200],
                                 "external_id": incoming.row.key[1],
                                 "fields": sorted(incoming.changes)})  # fmt: skip


def _reject(tally: "Tally", line, field: str, reason) -> None:
    tally.errors.append({"line": line, "field": field, "reason": str(reason)})


def _as_new(ctx: Context, incoming: Incoming) -> None:
    """Complete and check a row that creates a product."""
    if incoming.owners is None:
        incoming.owners = [ctx.run.owner] if ctx.run.owner else []
    if not incoming.owners:
        raise RowError("owners", _("Name the owning organization."))
    if not ctx.operator and incoming.owners[0].pk not in ctx.editable:
        raise RowError("owners", _("You do not edit the products of %(name)s.")
                       % {"name": incoming.owners[0]})  # fmt: skip
    check_product(Product(**incoming.row.fields))


def _as_update(ctx: Context, incoming: Incoming, product: Product) -> None:
    """Check a row that may change an existing product, and find what it changes."""
    if not ctx.operator and not any(
        owner.organization_id in ctx.editable for owner in product.ownerships.all()
    ):
        raise RowError("external_id", _("This product belongs to organizations you do not edit."))
    incoming.product = product
    incoming.changes = _changes(incoming, product)
    changed = [name for name in incoming.changes if name in incoming.row.fields]
    if changed:
        after = Product(**{f.attname: getattr(product, f.attname)
                           for f in Product._meta.concrete_fields})  # fmt: skip
        for name in changed:
            setattr(after, name, incoming.row.fields[name])
        check_product(after)


def _chunk(ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally") -> None:
    first_error = len(tally.errors)
    _chunk_rows(ctx, rows, tally)
    order = {line: position for position, (line, _raw) in enumerate(rows)}
    tally.errors[first_error:] = sorted(
        tally.errors[first_error:], key=lambda error: order.get(error["line"], 0)
    )


def _chunk_rows(ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally") -> None:
    resolved: list[Incoming] = []
    for line, raw in rows:
        try:
            resolved.append(_resolve(ctx, line, raw))
        except RowError as error:
            _reject(tally, line, error.field, error.reason)
    existing = _existing([incoming.row.key for incoming in resolved])
    creates, updates = [], []
    for incoming in resolved:
        product = existing.get(incoming.row.key)
        try:
            if product is None:
                _as_new(ctx, incoming)
            else:
                _as_update(ctx, incoming, product)
        except RowError as error:
            ctx.seen.pop(incoming.row.key, None)
            _reject(tally, incoming.line, error.field, error.reason)
            continue
        if product is None:
            creates.append(incoming)
            tally.act("created", incoming)
        elif incoming.changes:
            updates.append(incoming)
            tally.act("updated", incoming)
        else:
            tally.act("unchanged", incoming)
    if not ctx.run.dry_run and (creates or updates):
        with transaction.atomic():
            _write(ctx, creates, updates)


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_run(*, run: ImportRun, progress: Callable[[ImportRun], None] | None = None) -> ImportRun:
    """Carry out a queued run (the background task's body; the CLI calls it directly)."""
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING,
                                               started_at=timezone.now())  # fmt: skip
    run.refresh_from_db()
    try:
        rows = list(_rows(run))
    except FileError as error:
        run.status, run.message, run.finished_at = (
            ImportRun.Status.FAILED,
            str(error),
            timezone.now(),
        )
        run.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return run
    run.total = len(rows)
    ctx, tally = _context(run), Tally()
    for batch in _batches(rows, CHUNK):
        _chunk(ctx, batch, tally)
        run.processed += len(batch)
        run.created, run.updated, run.unchanged = tally.created, tally.updated, tally.unchanged
        run.rejected = len(tally.errors)
        run.save(update_fields=["total", "processed", "created", "updated", "unchanged",
                                "rejected", "updated_at"])  # fmt: skip
        if progress:
            progress(run)
    run.errors, run.actions = tally.errors, tally.actions
    run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
    run.save(update_fields=["errors", "actions", "status", "finished_at", "updated_at"])
    if not run.dry_run:
        audit_record(actor=run.actor, verb="catalog.imported", target=run,
                     data={"created": run.created, "updated": run.updated,
                           "unchanged": run.unchanged, "rejected": run.rejected})  # fmt: skip
    return run
