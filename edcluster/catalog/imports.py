"""Catalog import: files in, products created or updated, keyed by source system and external id.

A run reads the whole file first (a file that cannot be read imports nothing), then takes the
rows in chunks of CHUNK, each chunk in one transaction, recording progress between chunks. Every
row ends in exactly one of created, updated, unchanged or rejected; a preview (dry run) counts
the same without writing. Re-running a file changes nothing.
"""

import hashlib
import json
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edcluster.accounts.selectors import EDITING_ROLES, organization_ids_of
from edcluster.catalog.formats import case
from edcluster.catalog.formats.spreadsheet import FileError, Rows, read_csv, read_xlsx
from edcluster.catalog.formats.table import ParsedRow, RowError, check_product, parse_row
from edcluster.catalog.models import (
    Framework,
    ImportRun,
    LearningOutcome,
    Product,
    ProductOwner,
    StageChange,
)
from edcluster.catalog.services import index_later
from edcluster.catalog.signals import outcomes_changed_later
from edcluster.core.bulk import assign_keys, bulk_insert, load_bytes, model_rows, store_bytes
from edcluster.core.models import AuditEntry
from edcluster.core.services import audit_record, slug_of
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea

CHUNK = 2000  # rows a transaction: 2,000 imported 10 % faster than 1,000 on PostgreSQL
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
        actor=actor, owner=owner, format=format, file_name=file_name[:255], data=b"",
        encoding=encoding, source_system=source_system or "import", dry_run=dry_run,
        publish=publish, language=translation.get_language() or settings.LANGUAGE_CODE,
    )  # fmt: skip
    store_bytes(run, "data", data)  # kept for the worker, which may run on another machine
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
    done = ImportRun.objects.filter(previewed=preview).first()
    if done is not None:
        raise ValidationError({"run": _("This preview was imported already (import %(run)s).")
                               % {"run": done.pk}})  # fmt: skip
    run = import_start(
        actor=actor, data=load_bytes(preview, "data"), file_name=preview.file_name,
        format=preview.format, owner=preview.owner, encoding=preview.encoding,
        source_system=preview.source_system, dry_run=False, publish=preview.publish,
        enqueue=enqueue,
    )  # fmt: skip
    ImportRun.objects.filter(pk=run.pk).update(previewed=preview)
    return run


def _rows(run: ImportRun) -> Rows:
    data = load_bytes(run, "data")
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
    slugs: set[str] = dc_field(default_factory=set)  # given to new products in this run
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


@dataclass(eq=False)  # compared by identity: rows are many and their fields deep
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


@dataclass
class Current:
    """What a product holds now, read compactly (no model per related row)."""

    product: Product
    owners: list[int] = dc_field(default_factory=list)  # organization ids, the lead first
    outcomes: list[tuple[str, str]] = dc_field(default_factory=list)
    areas: set[int] = dc_field(default_factory=set)
    package: dict | None = None


def _existing(incoming: list[Incoming]) -> dict[tuple[str, str], Current]:
    own = source_of_own_records()
    found: dict[tuple[str, str], Current] = {}
    by_source: dict[str, list[str]] = {}
    for row in incoming:
        by_source.setdefault(row.row.key[0], []).append(row.row.key[1])
    for source, ids in by_source.items():
        for product in Product.objects.filter(source_system=source, external_id__in=ids):
            found[(source, product.external_id)] = Current(product)
        if source == own:
            for product in Product.objects.filter(slug__in=ids, external_id=""):
                found[(source, product.slug)] = Current(product)
    by_id = {current.product.pk: current for current in found.values()}
    owners = ProductOwner.objects.filter(product__in=by_id).order_by("product", "pk")
    for product_id, organization_id, role in owners.values_list(
        "product_id", "organization_id", "role"
    ):
        listed = by_id[product_id].owners
        if role == ProductOwner.Role.LEAD:
            listed.insert(0, organization_id)
        else:
            listed.append(organization_id)
    outcomes = LearningOutcome.objects.filter(product__in=by_id).order_by("product", "position")
    for product_id, text, language in outcomes.values_list("product_id", "text", "language"):
        by_id[product_id].outcomes.append((text, language))
    through = Product.priority_areas.through.objects.filter(product__in=by_id)
    for product_id, area_id in through.values_list("product_id", "priorityarea_id"):
        by_id[product_id].areas.add(area_id)
    if any(row.package is not None for row in incoming):
        frameworks = Framework.objects.filter(product__in=by_id)
        for product_id, package in frameworks.values_list("product_id", "package"):
            by_id[product_id].package = package
    return found


def _changes(incoming: Incoming, current: Current) -> list[str]:
    row, product = incoming.row, current.product
    changed = [name for name, value in row.fields.items() if getattr(product, name) != value]
    if row.field_code is not None and product.field_id != (
        incoming.education_field.pk if incoming.education_field else None
    ):
        changed.append("field")
    if incoming.owners is not None and current.owners != [o.pk for o in incoming.owners]:
        changed.append("owners")
    if incoming.areas is not None and current.areas != {a.pk for a in incoming.areas}:
        changed.append("priority_areas")
    if row.outcomes is not None and current.outcomes != row.outcomes:
        changed.append("outcomes")
    if row.stage and row.stage != product.stage:
        changed.append("stage")
    if incoming.package is not None and incoming.package != current.package:
        changed.append("framework")
    return changed


def _slug(row: ParsedRow) -> str:
    digest = hashlib.sha1("\x1f".join(row.key).encode()).hexdigest()[:8]
    title = row.fields.get("title_en") or row.fields.get("title_ru") or ""
    base = slug_of(title)[:80].strip("-") or "product"
    return f"{base}-{digest}"


@cache
def _product_arguments() -> tuple[dict[str, int], list, list[tuple[int, Callable]]]:
    """Product's fields as positional arguments: the position of each name, the defaults, and
    the defaults to call for each product (lists). Model(**kwargs) costs three times as much
    as Model(*values), a fifth of an import's own time."""
    fields = Product._meta.concrete_fields
    position = {field.attname: at for at, field in enumerate(fields)}
    defaults = [field.get_default() for field in fields]
    fresh = [(at, field.default) for at, field in enumerate(fields)
             if field.has_default() and callable(field.default)]  # fmt: skip
    return position, defaults, fresh


def _new_product(incoming: Incoming, *, published: bool, now) -> Product:
    position, defaults, fresh = _product_arguments()
    values = defaults.copy()
    for at, default in fresh:
        values[at] = default()
    row = incoming.row
    given = {
        **row.fields, "slug": _slug(row), "source_system": row.key[0], "external_id": row.key[1],
        "stage": row.stage or Product.Stage.IDEA,
        "status": Product.Status.PUBLISHED if published else Product.Status.DRAFT,
        "published_at": now if published else None, "created_at": now, "updated_at": now,
    }  # fmt: skip
    for name, value in given.items():
        values[position[name]] = value
    product = Product(*values)
    if incoming.education_field is not None:
        product.field = incoming.education_field
    return product


@dataclass
class Prepared:
    """A chunk's writes as the checking thread leaves them: products with their keys and final
    slugs, every appended row as a tuple of values. `_store` only sends them, so on PostgreSQL
    the writer thread spends its time on the database, not on building rows."""

    creates: list[Incoming]
    updates: list[Incoming]
    changed_fields: list[str]  # what the updated products change
    moved: list[Product]  # updated products whose stage changes
    replaced: dict[type[Model], list[int]]  # child table → products whose rows it replaces
    rows: dict[type[Model], tuple[Sequence[str], list[tuple]]]  # table → columns, rows to add
    outcomes_changed: list[int]
    indexed: list[int]


def _prepare(ctx: Context, creates: list[Incoming], updates: list[Incoming]) -> Prepared:
    now = timezone.now()
    new: list[Product] = [incoming.product for incoming in creates]  # type: ignore[misc]
    _settle_slugs(ctx, new)
    assign_keys(new)
    changed_fields: set[str] = {"updated_at"}
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
    rows: dict[type[Model], tuple[Sequence[str], list[tuple]]] = {Product: model_rows(new)}
    replaced: dict[type[Model], list[int]] = {}

    def changed(model: type[Model], name: str) -> list[Incoming]:
        touched = [i for i in updates if name in i.changes]
        replaced[model] = [i.product.id for i in touched]  # type: ignore[union-attr]
        return creates + touched

    lead, partner = ProductOwner.Role.LEAD.value, ProductOwner.Role.PARTNER.value
    rows[ProductOwner] = (("product_id", "organization_id", "role"), [
        (i.product.id, organization.id, lead if position == 0 else partner)  # type: ignore[union-attr]
        for i in changed(ProductOwner, "owners")
        for position, organization in enumerate(i.owners or ())
    ])  # fmt: skip
    outcomes = changed(LearningOutcome, "outcomes")
    rows[LearningOutcome] = (("product_id", "position", "text", "language"), [
        (i.product.id, position, text, language)  # type: ignore[union-attr]
        for i in outcomes
        for position, (text, language) in enumerate(i.row.outcomes or (), start=1)
    ])  # fmt: skip
    through = Product.priority_areas.through
    rows[through] = (("product_id", "priorityarea_id"), [
        (i.product.id, area.id)  # type: ignore[union-attr]
        for i in changed(through, "priority_areas") for area in i.areas or ()
    ])  # fmt: skip
    note, actor, today = _("imported"), ctx.run.actor_id, now.date()
    stages = [(i.product.id, "", i.product.stage, today, note, actor) for i in creates]  # type: ignore[union-attr]
    moved = []
    for incoming in updates:
        product = incoming.product
        if "stage" in incoming.changes and product is not None:
            stages.append((product.id, product.stage, incoming.row.stage, today, note, actor))
            product.stage = incoming.row.stage
            moved.append(product)
    rows[StageChange] = (("product_id", "from_stage", "to_stage", "on", "note", "actor_id"),
                         stages)  # fmt: skip
    rows[AuditEntry] = _audit_rows(ctx, creates, updates, now)
    return Prepared(
        creates=creates, updates=updates, changed_fields=sorted(changed_fields), moved=moved,
        replaced=replaced, rows=rows,
        outcomes_changed=[i.product.id for i in outcomes],  # type: ignore[union-attr]
        indexed=[i.product.id for i in [*creates, *updates]],  # type: ignore[union-attr]
    )  # fmt: skip


def _settle_slugs(ctx: Context, new: list[Product]) -> None:
    """A new product whose slug is taken (stored, or given earlier in this run: a chunk may
    still be on its way to the database) gets a part of its external id's digest appended."""
    slugs = [product.slug for product in new]
    taken = set(Product.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    for product in new:
        if product.slug in taken or product.slug in ctx.slugs:
            digest = hashlib.sha1(product.external_id.encode()).hexdigest()[8:14]
            product.slug = f"{product.slug}-{digest}"
        ctx.slugs.add(product.slug)


def _audit_rows(ctx: Context, creates: list[Incoming], updates: list[Incoming], now):
    run = ctx.run
    assert ctx.content_type is not None
    columns = ("at", "actor_id", "verb", "target_type_id", "target_id", "target_repr", "data")
    return columns, [
        (now, run.actor_id, "product.imported", ctx.content_type.pk, str(i.product.id),  # type: ignore[union-attr]
         str(i.product)[:300],
         json.dumps({"run": run.pk, "action": action, "line": i.line, "fields": sorted(i.changes)},
                    ensure_ascii=False))
        for action, group in (("created", creates), ("updated", updates)) for i in group
    ]  # fmt: skip


def _store(prepared: Prepared) -> None:
    """Send a prepared chunk to the database (inside the caller's transaction)."""
    rows = dict(prepared.rows)
    columns, new = rows.pop(Product)
    if new:
        bulk_insert(Product, columns, new)
    updated = [i.product for i in prepared.updates if i.product is not None]
    Product.objects.bulk_update(updated, prepared.changed_fields, batch_size=500)
    for model, products in prepared.replaced.items():
        if products:
            model._default_manager.filter(product__in=products).delete()
    Product.objects.bulk_update(prepared.moved, ["stage"], batch_size=500)
    for model, (columns, values) in rows.items():
        if values:
            bulk_insert(model, columns, values)
    for incoming in [*prepared.creates, *prepared.updates]:
        if incoming.package is not None and (
            not incoming.changes or "framework" in incoming.changes
        ):
            case.framework_store(product=incoming.product, package=incoming.package)  # type: ignore[arg-type]
    outcomes_changed_later(prepared.outcomes_changed)
    index_later(prepared.indexed)


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


def _as_new(ctx: Context, incoming: Incoming, now) -> None:
    """Complete and check a row that creates a product; the product is made here, saved later."""
    if incoming.owners is None:
        incoming.owners = [ctx.run.owner] if ctx.run.owner else []
    if not incoming.owners:
        raise RowError("owners", _("Name the owning organization."))
    if not ctx.operator and incoming.owners[0].pk not in ctx.editable:
        raise RowError("owners", _("You do not edit the products of %(name)s.")
                       % {"name": incoming.owners[0]})  # fmt: skip
    incoming.product = _new_product(incoming, published=ctx.run.publish, now=now)
    check_product(incoming.product)


def _as_update(ctx: Context, incoming: Incoming, current: Current) -> None:
    """Check a row that may change an existing product, and find what it changes."""
    if not ctx.operator and not ctx.editable.intersection(current.owners):
        raise RowError("external_id", _("This product belongs to organizations you do not edit."))
    product = incoming.product = current.product
    incoming.changes = _changes(incoming, current)
    changed = [name for name in incoming.changes if name in incoming.row.fields]
    if changed:
        after = Product(**{f.attname: getattr(product, f.attname)
                           for f in Product._meta.concrete_fields})  # fmt: skip
        for name in changed:
            setattr(after, name, incoming.row.fields[name])
        check_product(after)


Writes = tuple[list[Incoming], list[Incoming]]  # a chunk's products to create and to update


def _chunk(ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally") -> Writes:
    first_error = len(tally.errors)
    writes = _chunk_rows(ctx, rows, tally)
    order = {line: position for position, (line, _raw) in enumerate(rows)}
    tally.errors[first_error:] = sorted(
        tally.errors[first_error:], key=lambda error: order.get(error["line"], 0)
    )
    return writes


def _chunk_rows(
    ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally"
) -> Writes:
    resolved: list[Incoming] = []
    for line, raw in rows:
        try:
            resolved.append(_resolve(ctx, line, raw))
        except RowError as error:
            _reject(tally, line, error.field, error.reason)
    existing, now = _existing(resolved), timezone.now()
    creates, updates = [], []
    for incoming in resolved:
        product = existing.get(incoming.row.key)
        try:
            if product is None:
                _as_new(ctx, incoming, now)
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
    return creates, updates


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
    """Carry out a queued run (the background task's body; the CLI calls it directly), with
    its messages in the language of the person who started it."""
    with translation.override(run.language):
        return _import_run(run, progress)


def _import_run(run: ImportRun, progress: Callable[[ImportRun], None] | None) -> ImportRun:
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING,
                                               started_at=timezone.now())  # fmt: skip
    run.refresh_from_db(fields=[f.attname for f in ImportRun._meta.concrete_fields
                                if f.attname != "data"])  # fmt: skip
    try:
        rows = list(_rows(run))
    except FileError as error:
        run.status, run.message = ImportRun.Status.FAILED, str(error)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return run
    return _process(run, rows, progress)


def import_rows(
    *,
    rows: list[tuple[int | str, dict]],
    label: str,
    source_system: str,
    publish: bool,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import rows made by the program (the catalog generator), with the command line's rights."""
    run = ImportRun.objects.create(
        actor=None, format=ImportRun.Format.CSV, file_name=label, data=b"",
        source_system=source_system, dry_run=False, publish=publish,
        status=ImportRun.Status.RUNNING, started_at=timezone.now(),
    )  # fmt: skip
    return _process(run, rows, progress)


COUNTS = ("total", "processed", "created", "updated", "unchanged", "rejected")


def _write_chunk(ctx: Context, writes: Writes, counts: dict[str, int]) -> None:
    """A chunk's writes and the run's counters after it, in one transaction (one thread)."""
    with transaction.atomic():
        _store_chunk(ctx, _prepare(ctx, *writes) if writes[0] or writes[1] else None, counts)


def _store_chunk(ctx: Context, prepared: Prepared | None, counts: dict[str, int]) -> None:
    if prepared is not None:
        _store(prepared)
    ImportRun.objects.filter(pk=ctx.run.pk).update(**counts, updated_at=timezone.now())


class _Writer:
    """Writes the chunks on a thread of its own, with its own database connection, while the
    caller checks the next chunk: PostgreSQL's work on one chunk (inserts, index entries, the
    foreign-key checks at commit) overlaps this process's on the next, on another core. Chunks
    are written in order, one at most waiting; after a failed write nothing more is written and
    the error is raised to the caller at its next hand-over or at `close`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.error: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.switch = sys.getswitchinterval()
        # The writer waits on the server many times a chunk; each time it needs the interpreter
        # back from the checking thread, which yields it every switch interval (5 ms by default).
        sys.setswitchinterval(min(self.switch, 0.0005))
        self.thread = threading.Thread(target=self._run, name="catalog-import-writer", daemon=True)
        self.thread.start()

    def put(self, prepared: Prepared | None, counts: dict[str, int]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((prepared, counts))

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        with transaction.atomic():
                            _store_chunk(self.ctx, *item)
                    except BaseException as error:  # handed to the caller's thread
                        self.error = error
        finally:
            connection.close()  # this thread's own connection

    def close(self, *, failed: bool = False) -> None:
        """Wait for the chunks handed over; raise a write's error unless already failing."""
        self.queue.put(None)
        self.thread.join()
        sys.setswitchinterval(self.switch)
        if self.error is not None and not failed:
            raise self.error


def _overlapped(run: ImportRun) -> bool:
    """Writes go to a writer thread on PostgreSQL, outside a caller's transaction (whose rows a
    second connection could not see), when there is anything to write."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block and not run.dry_run


def _process(run: ImportRun, rows: list, progress: Callable[[ImportRun], None] | None) -> ImportRun:
    run.total = len(rows)
    ctx, tally = _context(run), Tally()
    writer = _Writer(ctx) if _overlapped(run) and len(rows) > CHUNK else None
    try:
        for batch in _batches(rows, CHUNK):
            writes = _chunk(ctx, batch, tally)
            if run.dry_run:
                writes = ([], [])
            run.processed += len(batch)
            run.created, run.updated, run.unchanged = tally.created, tally.updated, tally.unchanged
            run.rejected = len(tally.errors)
            counts = {name: getattr(run, name) for name in COUNTS}
            if writer is not None:  # keys, slugs and rows made here, sent by the writer
                writer.put(_prepare(ctx, *writes) if writes[0] or writes[1] else None, counts)
            else:
                _write_chunk(ctx, writes, counts)
            if progress:
                progress(run)
    except BaseException:
        if writer is not None:
            writer.close(failed=True)
        raise
    if writer is not None:
        writer.close()
    run.errors, run.actions = tally.errors, tally.actions
    run.status, run.finished_at = ImportRun.Status.DONE, timezone.now()
    run.save(update_fields=["errors", "actions", "status", "finished_at", "updated_at"])
    if not run.dry_run:
        audit_record(actor=run.actor, verb="catalog.imported", target=run,
                     data={"created": run.created, "updated": run.updated,
                           "unchanged": run.unchanged, "rejected": run.rejected})  # fmt: skip
    return run
