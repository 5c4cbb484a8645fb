"""Editing a product, and the review of edits to published ones.

A product's editors change a draft (or a product in review) at once. A published product is
what an operator approved, so a member's edit of it becomes a pending revision
(`ProductRevision`) and the live version stays until an operator approves the revision (it goes
live) or returns it with a reason (mailed to the owners' editors). Every field of the
description is reviewed (REVIEWED: titles, texts, outcomes, price, terms, levels,
classification) except the provenance (DIRECT: the source system and external id partner
systems find the record by, never shown to readers); runs, lifecycle stage and owners change
through their own services, audited, without review. Operators' own edits go live."""

import copy
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.catalog.models import LearningOutcome, Product, ProductRevision
from edcluster.catalog.search import index_products
from edcluster.catalog.services.products import (
    EDITABLE,
    RELATIONS,
    _apply_fields,
    _outcomes_set,
    _require_operator,
    _save,
)
from edcluster.core.concurrency import version_check
from edcluster.core.runs import enqueue_on_commit
from edcluster.core.services import audit_record
from edcluster.organizations.models import FieldOfEducation, PriorityArea

DIRECT = frozenset({"source_system", "external_id"})
REVIEWED = frozenset(EDITABLE - DIRECT) | {"outcomes"}
DECIMALS = {"price": 2, "ects_credits": 1}
Pending = ProductRevision.Status.PENDING


@transaction.atomic
def product_update(
    *,
    product: Product,
    actor: User,
    fields: dict,
    outcomes: Iterable[tuple[str, str]] | None = None,
    expected_version: int | None = None,
) -> Product:
    """Edit a product's description, terms and outcomes; all or nothing, audited. A member's
    edit of a published product waits for review (a revision). A save from another version
    than the product's (`expected_version`) is refused (EditConflict)."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    version_check(current=product.version, expected=expected_version)
    if product.status == Product.Status.PUBLISHED and not actor.is_operator:
        return _propose(product=product, actor=actor, fields=fields, outcomes=outcomes)
    changed = _write(product=product, fields=fields, outcomes=outcomes)
    if changed:
        _version_raise(product)
        index_products([product.pk])
        audit_record(
            actor=actor, verb="product.updated", target=product, data={"fields": sorted(changed)}
        )
    return product


def _write(
    *, product: Product, fields: dict, outcomes: Iterable[tuple[str, str]] | None
) -> list[str]:
    changed = _apply_fields(product=product, fields=fields)
    if changed:
        _save(product=product)
    if "priority_areas" in fields:
        wanted = {area.pk for area in fields["priority_areas"]}
        if wanted != set(product.priority_areas.values_list("pk", flat=True)):
            product.priority_areas.set(fields["priority_areas"])
            changed.append("priority_areas")
    if outcomes is not None and _outcomes_set(product=product, outcomes=outcomes):
        changed.append("outcomes")
    return changed


def _version_raise(product: Product) -> None:
    product.version += 1
    product.save(update_fields=["version", "updated_at"])


def _propose(
    *, product: Product, actor: User, fields: dict, outcomes: Iterable[tuple[str, str]] | None
) -> Product:
    """The provenance goes live; the rest joins the product's pending revision (only what
    differs from the live version: an edit back to it drops out of the revision)."""
    direct = {name: value for name, value in fields.items() if name in DIRECT}
    reviewed = {name: value for name, value in fields.items() if name not in DIRECT}
    changed = _write(product=product, fields=direct, outcomes=None)
    wanted = _validated(product=product, fields=reviewed, outcomes=outcomes)
    revision = ProductRevision.objects.filter(product=product, status=Pending).first()
    merged = (revision.changes if revision else {}) | wanted
    live = _live(product, merged)
    merged = {name: value for name, value in merged.items() if live[name] != value}
    if revision is None and merged:
        revision = ProductRevision.objects.create(product=product, author=actor, changes=merged)
    elif revision is not None and merged != revision.changes:
        revision.changes, revision.author = merged, actor
        if merged:
            revision.save(update_fields=["changes", "author", "updated_at"])
        else:
            revision.delete()
    else:
        revision = None  # nothing new for review
    if revision is not None:
        audit_record(
            actor=actor,
            verb="product.revision_proposed",
            target=product,
            data={"fields": sorted(merged)},
        )
    if changed:
        audit_record(
            actor=actor, verb="product.updated", target=product, data={"fields": sorted(changed)}
        )
    if changed or revision is not None:
        _version_raise(product)
    return product


def _validated(
    *, product: Product, fields: dict, outcomes: Iterable[tuple[str, str]] | None
) -> dict:
    """The reviewed fields as JSON, checked on a copy of the product as if they went live."""
    candidate = copy.copy(product)
    _apply_fields(product=candidate, fields=fields)
    candidate.full_clean(exclude=["slug"], validate_constraints=False)
    wanted = {name: _json(name, value) for name, value in fields.items()}
    if outcomes is not None:
        pairs = [[text.strip(), language] for text, language in outcomes if text.strip()]
        for position, (text, language) in enumerate(pairs, start=1):
            LearningOutcome(
                product=product, position=position, text=text, language=language
            ).full_clean(exclude=["product"])
        wanted["outcomes"] = pairs
    return wanted


def _json(name: str, value):
    if name == "field":
        return value.code if value else None
    if name == "priority_areas":
        return sorted(area.pk for area in value)
    if name in DECIMALS and value is not None:
        return str(Decimal(value).quantize(Decimal(1).scaleb(-DECIMALS[name])))
    return value


def _live(product: Product, names: Iterable[str]) -> dict:
    """The live version of these fields, as `_json` writes them."""
    values = {}
    for name in names:
        if name == "outcomes":
            rows = product.outcomes.order_by("position").values_list("text", "language")
            values[name] = [list(row) for row in rows]
        elif name in RELATIONS:
            values[name] = _json(name, product.priority_areas.all())
        else:
            values[name] = _json(name, getattr(product, name))
    return values


def revision_fields(changes: dict) -> tuple[dict, list[tuple[str, str]] | None]:
    """A revision's changes as the services' fields and outcomes (Python values again)."""
    fields: dict = {}
    for name, value in changes.items():
        if name == "field":
            fields[name] = FieldOfEducation.objects.filter(code=value).first() if value else None
        elif name == "priority_areas":
            fields[name] = list(PriorityArea.objects.filter(pk__in=value))
        elif name in DECIMALS and value is not None:
            fields[name] = Decimal(value)
        elif name != "outcomes":
            fields[name] = value
    outcomes = changes.get("outcomes")
    return fields, [tuple(pair) for pair in outcomes] if outcomes is not None else None


def _pending_locked(product: Product) -> ProductRevision:
    revision = (
        ProductRevision.objects.select_for_update().filter(product=product, status=Pending).first()
    )
    if revision is None:
        raise ValidationError({"revision": _("No change of this product is waiting for review.")})
    return revision


def _decided(revision: ProductRevision, *, actor: User, status: str, comment: str = "") -> None:
    revision.status, revision.comment = status, comment
    revision.decided_by, revision.decided_at = actor, timezone.now()
    revision.save(update_fields=["status", "comment", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        verb=f"product.revision_{status}",
        target=revision.product,
        data={"fields": sorted(revision.changes), "comment": comment},
    )
    enqueue_on_commit("edcluster.catalog.tasks.notify_revision_decided", revision_id=revision.pk)


@transaction.atomic
def revision_approve(*, product: Product, actor: User) -> Product:
    """An operator approves the pending changes of a published product: they go live."""
    _require_operator(actor)
    revision = _pending_locked(product)
    fields, outcomes = revision_fields(revision.changes)
    refused = set(fields) - EDITABLE
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    product = product_update(product=product, actor=actor, fields=fields, outcomes=outcomes)
    _decided(revision, actor=actor, status=ProductRevision.Status.APPROVED)
    return product


@transaction.atomic
def revision_return(*, product: Product, actor: User, comment: str) -> ProductRevision:
    """An operator returns the pending changes to the editors, saying why; the live version
    stays as it is."""
    _require_operator(actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    revision = _pending_locked(product)
    _decided(revision, actor=actor, status=ProductRevision.Status.RETURNED, comment=comment.strip())
    Product.objects.filter(pk=product.pk).update(version=F("version") + 1)
    return revision
