from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.catalog.models import (
    LearningOutcome,
    Offering,
    Product,
    ProductOwner,
    ProductRemoval,
    StageChange,
)
from edcluster.catalog.search import index_products
from edcluster.catalog.selectors import edited_organization_ids, owners_change_check
from edcluster.core import followups
from edcluster.core.runs import enqueue_on_commit
from edcluster.core.services import audit_record, unique_slug
from edcluster.organizations.models import Organization

Status = Product.Status
RELATIONS = {"priority_areas"}
NOT_EDITABLE = {
    "slug",
    "status",
    "stage",
    "published_at",
    "review_comment",
    "search_words",
    "version",
    "created_at",
    "updated_at",
    "id",
    "owners",
}
# Everything a member describes; status, stage and provenance move through their own services.
EDITABLE = {field.name for field in Product._meta.concrete_fields} - NOT_EDITABLE | RELATIONS


# Page addresses under /catalog/ that a product slug must not shadow.
RESERVED_SLUGS = frozenset({"new", "review", "export", "import"})


def _unique_slug(title: str) -> str:
    return unique_slug(
        model=Product, base=title, fallback="product", length=90, reserved=RESERVED_SLUGS
    )


def _apply_fields(*, product: Product, fields: dict) -> list[str]:
    refused = set(fields) - EDITABLE
    if refused:
        raise ValidationError({name: _("This field cannot be set here.") for name in refused})
    changed = [
        name
        for name, value in fields.items()
        if name not in RELATIONS and getattr(product, name) != value
    ]
    for name in changed:
        setattr(product, name, fields[name])
    return changed


def _save(*, product: Product) -> None:
    product.full_clean(exclude=["slug"], validate_constraints=False)
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        raise ValidationError(
            {"external_id": _("Another product has this source system and external id.")}
        ) from error


def _outcomes_set(*, product: Product, outcomes: Iterable[tuple[str, str]]) -> bool:
    """Replace the ordered learning outcomes; returns whether anything changed."""
    wanted = [(text.strip(), language) for text, language in outcomes if text.strip()]
    current = list(product.outcomes.order_by("position").values_list("text", "language"))
    if wanted == current:
        return False
    records = [
        LearningOutcome(product=product, position=position, text=text, language=language)
        for position, (text, language) in enumerate(wanted, start=1)
    ]
    for record in records:
        record.full_clean(exclude=["product"])
    product.outcomes.all().delete()
    LearningOutcome.objects.bulk_create(records)
    followups.after_commit(followups.PRODUCT_OUTCOMES_CHANGED, product_ids=[product.pk])
    return True


@transaction.atomic
def product_create(
    *,
    owner: Organization,
    actor: User,
    fields: dict,
    outcomes: Iterable[tuple[str, str]] = (),
) -> Product:
    """A member creates a draft product at stage "idea", owned by its organization as lead."""
    if owner.status != Organization.Status.ADMITTED:
        raise ValidationError({"owner": _("Only admitted members add products to the catalog.")})
    product = Product()
    _apply_fields(product=product, fields=fields)
    product.slug = _unique_slug(fields.get("title_en") or fields.get("title_ru") or "")
    _save(product=product)
    if "priority_areas" in fields:
        product.priority_areas.set(fields["priority_areas"])
    _outcomes_set(product=product, outcomes=outcomes)
    ProductOwner.objects.create(product=product, organization=owner, role=ProductOwner.Role.LEAD)
    StageChange.objects.create(product=product, to_stage=product.stage, actor=actor)
    index_products([product.pk])
    audit_record(actor=actor, verb="product.created", target=product)
    return product


def _move(*, product: Product, actor: User, allowed_from: set[str], to: str, **extra) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A product that is %(current)s cannot become %(target)s.")
                % {"current": product.get_status_display(), "target": Status(to).label}
            }
        )
    previous = product.status
    product.status = to
    for name, value in extra.items():
        setattr(product, name, value)
    product.save(update_fields=["status", "updated_at", *extra])
    if previous == Status.PUBLISHED and to != Status.PUBLISHED:
        removal_record(product=product, reason=ProductRemoval.Reason.ARCHIVED)
    index_products([product.pk])
    data = {"from": previous}
    if extra.get("review_comment"):
        data["comment"] = extra["review_comment"]
    audit_record(actor=actor, verb=f"product.{to}", target=product, data=data)
    return product


def removal_record(*, product: Product, reason: str) -> ProductRemoval:
    """Note that a product left the public catalog, so that syncing consumers drop it."""
    return ProductRemoval.objects.create(
        product=product if reason != ProductRemoval.Reason.DELETED else None,
        slug=product.slug,
        source_system=product.source_system,
        external_id=product.external_id,
        reason=reason,
    )


def _require_operator(actor: User) -> None:
    if not actor.is_operator:
        raise PermissionDenied


@transaction.atomic
def product_submit(*, product: Product, actor: User) -> Product:
    """The owner's editor sends a draft for review; it needs a summary and a learning outcome."""
    missing = {}
    if not (product.summary_ru or product.summary_en):
        missing["summary_ru"] = _("Write a summary before submitting.")
    if not product.outcomes.exists():
        missing["outcomes"] = _("List at least one learning outcome before submitting.")
    if missing:
        raise ValidationError(missing)
    return _move(
        product=product,
        actor=actor,
        allowed_from={Status.DRAFT},
        to=Status.IN_REVIEW,
        review_comment="",
    )


@transaction.atomic
def product_publish(*, product: Product, actor: User) -> Product:
    """An operator publishes a product under review."""
    _require_operator(actor)
    return _move(
        product=product,
        actor=actor,
        allowed_from={Status.IN_REVIEW},
        to=Status.PUBLISHED,
        published_at=timezone.now(),
    )


@transaction.atomic
def product_return(*, product: Product, actor: User, comment: str) -> Product:
    """An operator returns a product under review to its editors, saying why."""
    _require_operator(actor)
    if not comment.strip():
        raise ValidationError({"review_comment": _("Say what should change.")})
    return _move(
        product=product,
        actor=actor,
        allowed_from={Status.IN_REVIEW},
        to=Status.DRAFT,
        review_comment=comment.strip(),
    )


@transaction.atomic
def product_archive(*, product: Product, actor: User) -> Product:
    """An operator takes a product out of the catalog; its record and history stay."""
    _require_operator(actor)
    return _move(
        product=product,
        actor=actor,
        allowed_from={Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED},
        to=Status.ARCHIVED,
    )


@transaction.atomic
def product_stage_set(
    *, product: Product, stage: str, actor: User, on: date | None = None, note: str = ""
) -> Product:
    """Record that the product reached a lifecycle stage on a date."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if stage not in Product.Stage.values:
        raise ValidationError({"stage": _("Unknown lifecycle stage.")})
    if stage == product.stage:
        raise ValidationError({"stage": _("The product is at this stage already.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("A stage is recorded when it is reached, not before.")})
    last = product.stage_changes.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise ValidationError(
            {"on": _("The history is in order: this date is before the previous stage's.")}
        )
    StageChange.objects.create(
        product=product, from_stage=product.stage, to_stage=stage, on=on, note=note, actor=actor
    )
    product.stage = stage
    product.save(update_fields=["stage", "updated_at"])
    audit_record(actor=actor, verb="product.stage", target=product, data={"stage": stage})
    return product


def _owner_ids(product: Product) -> list[int]:
    """The product's owning organizations, the lead first."""
    rows = list(product.ownerships.order_by("pk").values_list("organization_id", "role"))
    lead = ProductOwner.Role.LEAD
    return [pk for pk, role in rows if role == lead] + [pk for pk, role in rows if role != lead]


def _owners_change(*, product: Product, actor: User, wanted: list[int]) -> None:
    owners_change_check(
        current=_owner_ids(product),
        wanted=wanted,
        editable=edited_organization_ids(user=actor),
        operator=actor.is_operator,
    )


@transaction.atomic
def product_owner_add(*, product: Product, organization: Organization, actor: User) -> ProductOwner:
    """Add a partner to a joint product (operators and the lead's editors)."""
    if organization.status != Organization.Status.ADMITTED:
        raise ValidationError({"organization": _("Only admitted members co-own products.")})
    current = _owner_ids(product)
    if organization.pk not in current:
        _owners_change(product=product, actor=actor, wanted=[*current, organization.pk])
    owner, created = ProductOwner.objects.get_or_create(
        product=product, organization=organization, defaults={"role": ProductOwner.Role.PARTNER}
    )
    if created:
        audit_record(
            actor=actor,
            verb="product.owner_added",
            target=product,
            data={"organization": organization.slug},
        )
    return owner


@transaction.atomic
def product_owner_remove(*, owner: ProductOwner, actor: User) -> None:
    """Remove a partner (operators and the lead's editors); the lead stays."""
    current = _owner_ids(owner.product)
    wanted = [pk for pk in current if pk != owner.organization_id]
    _owners_change(product=owner.product, actor=actor, wanted=wanted)
    audit_record(
        actor=actor,
        verb="product.owner_removed",
        target=owner.product,
        data={"organization": owner.organization.slug},
    )
    owner.delete()


@transaction.atomic
def offering_save(
    *, product: Product, actor: User, fields: dict, offering: Offering | None = None
) -> Offering:
    """Create or change a dated run of the product."""
    offering = offering or Offering(product=product)
    if offering.product_id != product.pk:
        raise ValidationError(_("The offering belongs to another product."))
    for name, value in fields.items():
        setattr(offering, name, value)
    offering.full_clean()
    offering.save()
    audit_record(actor=actor, verb="offering.saved", target=offering)
    return offering


def index_later(product_ids: list[int]) -> None:
    """Index these products after the transaction commits, in the background: bulk imports do
    not wait for the search index (with the in-process task backend it runs at once)."""
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), 1000):
        enqueue_on_commit(
            "edcluster.catalog.tasks.reindex_products", product_ids=ids[start : start + 1000]
        )
