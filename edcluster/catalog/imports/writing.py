"""Writing a checked chunk: products with their keys and slugs, the rows that belong to them,
and the run's counters after it, in one transaction; on PostgreSQL on a writer thread."""

import hashlib
import json
import queue
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.formats import case
from edcluster.catalog.imports.checking import Writes
from edcluster.catalog.imports.rows import Context, Incoming
from edcluster.catalog.models import ImportRun, LearningOutcome, Product, ProductOwner, StageChange
from edcluster.catalog.services import index_later
from edcluster.core import followups
from edcluster.core.bulk import assign_keys, bulk_insert, model_rows
from edcluster.core.models import AuditEntry


@dataclass
class Prepared:
    """A chunk's writes as the checking thread leaves them: products with their keys and final
    slugs, every appended row as a tuple of values. `store` only sends them, so on PostgreSQL
    the writer thread spends its time on the database, not on building rows."""

    creates: list[Incoming]
    updates: list[Incoming]
    changed_fields: list[str]  # what the updated products change
    moved: list[Product]  # updated products whose stage changes
    replaced: dict[type[Model], list[int]]  # child table → products whose rows it replaces
    rows: dict[type[Model], tuple[Sequence[str], list[tuple]]]  # table → columns, rows to add
    outcomes_changed: list[int]
    indexed: list[int]


def prepare(ctx: Context, creates: list[Incoming], updates: list[Incoming]) -> Prepared:
    now = timezone.now()
    new: list[Product] = [incoming.product for incoming in creates]  # type: ignore[misc]
    _settle_slugs(ctx, new)
    assign_keys(new)
    changed_fields = _apply_updates(updates, now)
    rows: dict[type[Model], tuple[Sequence[str], list[tuple]]] = {Product: model_rows(new)}
    replaced: dict[type[Model], list[int]] = {}

    def changed(model: type[Model], name: str) -> list[Incoming]:
        touched = [i for i in updates if name in i.changes]
        replaced[model] = [i.product.id for i in touched]  # type: ignore[union-attr]
        return creates + touched

    lead, partner = ProductOwner.Role.LEAD.value, ProductOwner.Role.PARTNER.value
    rows[ProductOwner] = (
        ("product_id", "organization_id", "role"),
        [
            (i.product.id, organization.id, lead if position == 0 else partner)  # type: ignore[union-attr]
            for i in changed(ProductOwner, "owners")
            for position, organization in enumerate(i.owners or ())
        ],
    )
    outcomes = changed(LearningOutcome, "outcomes")
    rows[LearningOutcome] = (
        ("product_id", "position", "text", "language"),
        [
            (i.product.id, position, text, language)  # type: ignore[union-attr]
            for i in outcomes
            for position, (text, language) in enumerate(i.row.outcomes or (), start=1)
        ],
    )
    through = Product.priority_areas.through
    rows[through] = (
        ("product_id", "priorityarea_id"),
        [
            (i.product.id, area.id)  # type: ignore[union-attr]
            for i in changed(through, "priority_areas")
            for area in i.areas or ()
        ],
    )
    stages, moved = _stage_rows(ctx, creates, updates, now)
    rows[StageChange] = (("product_id", "from_stage", "to_stage", "on", "note", "actor_id"), stages)
    rows[AuditEntry] = _audit_rows(ctx, creates, updates, now)
    return Prepared(
        creates=creates,
        updates=updates,
        changed_fields=sorted(changed_fields),
        moved=moved,
        replaced=replaced,
        rows=rows,
        outcomes_changed=[i.product.id for i in outcomes],  # type: ignore[union-attr]
        indexed=[i.product.id for i in [*creates, *updates]],  # type: ignore[union-attr]
    )


def _apply_updates(updates: list[Incoming], now) -> set[str]:
    """Set the changed values on the products being updated; the fields to save."""
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
    return changed_fields


def _stage_rows(
    ctx: Context, creates: list[Incoming], updates: list[Incoming], now
) -> tuple[list[tuple], list[Product]]:
    """The stage changes to write (every new product's first, every changed stage) and the
    updated products whose stage moved."""
    note, actor, today = _("imported"), ctx.run.actor_id, now.date()
    stages = [(i.product.id, "", i.product.stage, today, note, actor) for i in creates]  # type: ignore[union-attr]
    moved = []
    for incoming in updates:
        product = incoming.product
        if "stage" in incoming.changes and product is not None:
            stages.append((product.id, product.stage, incoming.row.stage, today, note, actor))
            product.stage = incoming.row.stage
            moved.append(product)
    return stages, moved


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
    return (
        columns,
        [
            (
                now,
                run.actor_id,
                "product.imported",
                ctx.content_type.pk,
                str(i.product.id),  # type: ignore[union-attr]
                str(i.product)[:300],
                json.dumps(
                    {"run": run.pk, "action": action, "line": i.line, "fields": sorted(i.changes)},
                    ensure_ascii=False,
                ),
            )
            for action, group in (("created", creates), ("updated", updates))
            for i in group
        ],
    )


def store(prepared: Prepared) -> None:
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
    if prepared.outcomes_changed:
        followups.after_commit(
            followups.PRODUCT_OUTCOMES_CHANGED, product_ids=sorted(set(prepared.outcomes_changed))
        )
    index_later(prepared.indexed)


def write_chunk(ctx: Context, writes: Writes, counts: dict[str, int]) -> None:
    """A chunk's writes and the run's counters after it, in one transaction (one thread)."""
    with transaction.atomic():
        store_chunk(ctx, prepare(ctx, *writes) if writes[0] or writes[1] else None, counts)


def store_chunk(ctx: Context, prepared: Prepared | None, counts: dict[str, int]) -> None:
    if prepared is not None:
        store(prepared)
    ImportRun.objects.filter(pk=ctx.run.pk).update(**counts, updated_at=timezone.now())


class Writer:
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
                            store_chunk(self.ctx, *item)
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


def overlapped(run: ImportRun) -> bool:
    """Writes go to a writer thread on PostgreSQL, outside a caller's transaction (whose rows a
    second connection could not see), when there is anything to write."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block and not run.dry_run
