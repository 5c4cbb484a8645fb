"""Checking a chunk of rows: each ends created, updated, unchanged or rejected (with its line,
column and reason), the new products made but not yet saved."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog.formats.table import ParsedRow, RowError, check_product
from edcluster.catalog.imports.rows import (
    Context,
    Current,
    Incoming,
    change_details,
    changes,
    existing_products,
    resolve,
)
from edcluster.catalog.models import Product
from edcluster.catalog.selectors import owners_change_check
from edcluster.core.counts import RunCounts
from edcluster.core.services import slug_of

ACTIONS_KEPT = 1000  # a preview lists this many row actions (the counts cover every row)
ERRORS_KEPT = 1000  # a run keeps the first rejected rows, by line (`rejected` counts them all)


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
    fresh = [
        (at, field.default)
        for at, field in enumerate(fields)
        if field.has_default() and callable(field.default)
    ]
    return position, defaults, fresh


def new_product(incoming: Incoming, *, published: bool, now) -> Product:
    position, defaults, fresh = _product_arguments()
    values = defaults.copy()
    for at, default in fresh:
        values[at] = default()
    row = incoming.row
    given = {
        **row.fields,
        "slug": _slug(row),
        "source_system": row.key[0],
        "external_id": row.key[1],
        "stage": row.stage or Product.Stage.IDEA,
        "status": Product.Status.PUBLISHED if published else Product.Status.DRAFT,
        "published_at": now if published else None,
        "created_at": now,
        "updated_at": now,
    }
    for name, value in given.items():
        values[position[name]] = value
    product = Product(*values)
    if incoming.education_field is not None:
        product.field = incoming.education_field
    return product


@dataclass
class Tally(RunCounts):
    """The run's counts so far, the first ERRORS_KEPT rejected rows and the first
    ACTIONS_KEPT row actions."""

    errors: list[dict] = dc_field(default_factory=list)
    actions: list[dict] = dc_field(default_factory=list)

    @classmethod
    def of(cls, run) -> "Tally":
        """The tally a run had stored when it stopped (a resumed run goes on from it)."""
        return cls(**run.counts.as_dict(), errors=list(run.errors), actions=list(run.actions))

    def act(
        self, action: str, incoming: Incoming, ctx: Context, current: Current | None = None
    ) -> None:
        """Count a row's action; list it (with what it changes, field by field) while fewer
        than ACTIONS_KEPT are listed."""
        setattr(self, action, getattr(self, action) + 1)
        if len(self.actions) < ACTIONS_KEPT:
            fields = incoming.row.fields
            title = fields.get("title_ru") or fields.get("title_en") or ""
            self.actions.append(
                {
                    "line": incoming.line,
                    "action": action,
                    "title": title[:200],
                    "external_id": incoming.row.key[1],
                    "fields": sorted(incoming.changes),
                    "changes": change_details(ctx, incoming, current) if current else [],
                }
            )


def _reject(tally: "Tally", line, field: str, reason) -> None:
    tally.rejected += 1
    tally.errors.append({"line": line, "field": field, "reason": str(reason)})


def _as_new(ctx: Context, incoming: Incoming, now) -> None:
    """Complete and check a row that creates a product; the product is made here, saved later."""
    if incoming.owners is None:
        incoming.owners = [ctx.run.owner] if ctx.run.owner else []
    if not incoming.owners:
        raise RowError("owners", _("Name the owning organization."))
    if not ctx.operator and incoming.owners[0].pk not in ctx.editable:
        raise RowError(
            "owners", _("You do not edit the products of %(name)s.") % {"name": incoming.owners[0]}
        )
    incoming.product = new_product(incoming, published=ctx.run.publish, now=now)
    check_product(incoming.product)


def _as_update(ctx: Context, incoming: Incoming, current: Current) -> None:
    """Check a row that may change an existing product, and find what it changes."""
    if not ctx.operator and not ctx.editable.intersection(current.owners):
        raise RowError("external_id", _("This product belongs to organizations you do not edit."))
    product = incoming.product = current.product
    incoming.changes = changes(incoming, current)
    if "owners" in incoming.changes:
        _owners_check(ctx, incoming, current)
    changed = [name for name in incoming.changes if name in incoming.row.fields]
    if changed:
        after = Product(
            **{f.attname: getattr(product, f.attname) for f in Product._meta.concrete_fields}
        )
        for name in changed:
            setattr(after, name, incoming.row.fields[name])
        check_product(after)


def _owners_check(ctx: Context, incoming: Incoming, current: Current) -> None:
    """The services' rule on who changes a product's owners, for this row."""
    try:
        owners_change_check(
            current=current.owners,
            wanted=[organization.pk for organization in incoming.owners or ()],
            editable=ctx.editable,
            operator=ctx.operator,
        )
    except ValidationError as error:
        raise RowError("owners", " ".join(error.messages)) from None
    except PermissionDenied as error:
        raise RowError("owners", str(error)) from None


Writes = tuple[list[Incoming], list[Incoming]]  # a chunk's products to create and to update


def check_chunk(
    ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally"
) -> Writes:
    first_error = len(tally.errors)
    writes = _chunk_rows(ctx, rows, tally)
    order = {line: position for position, (line, _raw) in enumerate(rows)}
    tally.errors[first_error:] = sorted(
        tally.errors[first_error:], key=lambda error: order.get(error["line"], 0)
    )
    del tally.errors[ERRORS_KEPT:]
    return writes


def _chunk_rows(
    ctx: Context, rows: list[tuple[int | str, dict[str, str]]], tally: "Tally"
) -> Writes:
    resolved: list[Incoming] = []
    for line, raw in rows:
        try:
            resolved.append(resolve(ctx, line, raw))
        except RowError as error:
            _reject(tally, line, error.field, error.reason)
    existing, now = existing_products(resolved), timezone.now()
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
            tally.act("created", incoming, ctx)
        elif incoming.changes:
            updates.append(incoming)
            tally.act("updated", incoming, ctx, product)
        else:
            tally.act("unchanged", incoming, ctx)
    return creates, updates
