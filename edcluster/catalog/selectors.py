from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.catalog import search
from edcluster.catalog.models import (
    Enquiry,
    ImportRun,
    Offering,
    Product,
    ProductOwner,
    ProductRemoval,
    ProductRevision,
)
from edcluster.core import facets
from edcluster.core.models import in_language
from edcluster.core.runs import runs_interrupt_stale
from edcluster.organizations.models import Organization, PriorityArea

ENTITY = "catalog.product"  # the name other apps register facets, orders and badges for


def product_visible(*, viewer) -> QuerySet[Product]:
    """Published products for everyone; every product of the viewer's organizations; all for
    operators."""
    products = Product.objects.all()
    if viewer.is_authenticated and viewer.is_operator:
        return products
    published = Q(status=Product.Status.PUBLISHED)
    if not viewer.is_authenticated:
        return products.filter(published)
    own = ProductOwner.objects.filter(organization__in=organization_ids_of(user=viewer))
    return products.filter(published | Q(pk__in=own.values("product")))


@dataclass(frozen=True)
class CatalogQuery:
    """What a catalog reader asks for: words, facets and an order."""

    query: str = ""
    kind: str = ""
    field: str = ""  # an ISCED-F code; narrower fields are included
    eqf_level: int | None = None
    language: str = ""
    mode: str = ""
    owner: str = ""  # organization slug
    stage: str = ""
    priority_area: int | None = None
    availability: str = ""  # see Availability
    price: str = ""  # "free" or "paid"
    price_max: Decimal | None = None
    status: str = ""
    updated_since: datetime | None = None
    sort: str = ""  # SORTS or a registered order; relevance with words, newest otherwise
    # Facets other apps register for "catalog.product" (core.facets), as (name, value) pairs.
    extra: tuple[tuple[str, str], ...] = ()


class Availability(models.TextChoices):
    OPEN = "open", _("enrolment open")
    SOON = "soon", _("starting within a month")
    UPCOMING = "upcoming", _("has upcoming runs")


SORTS = {
    "newest": ("-published_at", "-pk"),
    "title": ("title_ru", "title_en", "pk"),
    "price": ("price", "pk"),
    "updated": ("updated_at", "pk"),
}
SOON_DAYS = 30


def has_language(code: str) -> Q:
    """Products taught in a language (a JSON list; SQLite has no JSON containment)."""
    if connection.vendor == "postgresql":
        return Q(languages__contains=[code])
    return Q(languages__icontains=f'"{code}"')


def _offerings(when: str) -> QuerySet[Offering]:
    today = timezone.localdate()
    runs = Offering.objects.filter(product=OuterRef("pk"), cancelled_at__isnull=True)
    if when == Availability.OPEN:
        return runs.filter(
            Q(enrolment_deadline__gte=today)
            | Q(enrolment_deadline__isnull=True, starts_on__gte=today)
        ).filter(Q(seats__isnull=True) | Q(enrolled__lt=F("seats")))
    if when == Availability.SOON:
        return runs.filter(starts_on__gte=today, starts_on__lte=today + timedelta(SOON_DAYS))
    return runs.filter(starts_on__gt=today)


def _facets(products: QuerySet[Product], ask: CatalogQuery) -> QuerySet[Product]:
    exact = {
        "kind": ask.kind,
        "mode": ask.mode,
        "stage": ask.stage,
        "status": ask.status,
        "eqf_level": ask.eqf_level,
        "priority_areas": ask.priority_area,
    }
    products = products.filter(**{name: value for name, value in exact.items() if value})
    if ask.field:
        products = products.filter(field__code__startswith=ask.field)
    if ask.language:
        products = products.filter(has_language(ask.language))
    if ask.owner:
        owned = ProductOwner.objects.filter(organization__slug=ask.owner)
        products = products.filter(pk__in=owned.values("product"))
    if ask.availability:
        products = products.filter(Exists(_offerings(ask.availability)))
    if ask.price == "free":
        products = products.filter(Q(is_free=True) | Q(price=0))
    elif ask.price == "paid":
        products = products.filter(is_free=False, price__gt=0)
    if ask.price_max is not None:
        products = products.filter(Q(is_free=True) | Q(price__lte=ask.price_max))
    if ask.updated_since:
        products = products.filter(updated_at__gte=ask.updated_since)
    return facets.narrow(ENTITY, products, ask.extra)


SUMMARY_FIELDS = (
    "id",
    "slug",
    "kind",
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "field__code",
    "eqf_level",
    "languages",
    "mode",
    "duration_hours",
    "ects_credits",
    "is_free",
    "price",
    "currency",
    "stage",
    "status",
    "published_at",
    "updated_at",
    "source_system",
    "external_id",
)


def product_summaries(ids: list[int]) -> list[dict]:
    """What a catalog list shows of each product, in the order of the ids, in two queries (no
    model instances: a page of fifty costs little more than one product)."""
    rows = {row["id"]: row for row in Product.objects.filter(pk__in=ids).values(*SUMMARY_FIELDS)}
    owners: dict[int, list[dict]] = {}
    found = ProductOwner.objects.filter(product__in=ids).order_by("product", "-role", "pk")
    for product_id, slug, name_ru, name_en, role in found.values_list(
        "product_id",
        "organization__slug",
        "organization__name_ru",
        "organization__name_en",
        "role",
    ):
        owners.setdefault(product_id, []).append(
            {"organization": slug, "name": in_language(name_ru, name_en), "role": role}
        )
    result = []
    for pk in ids:
        if pk in rows:
            row = rows[pk]
            row["field"] = row.pop("field__code")
            row["owners"] = owners.get(pk, [])
            row["title"] = in_language(row["title_ru"], row["title_en"])
            result.append(row)
    return result


def with_details(products: QuerySet[Product]) -> QuerySet[Product]:
    """Everything a full product answer shows, in a fixed number of queries."""
    return products.select_related("field").prefetch_related(
        "ownerships__organization", "priority_areas", "outcomes", "offerings"
    )


def product_search(
    *, viewer, ask: CatalogQuery = CatalogQuery(), summaries: bool = False
) -> Any:  # SearchResults or a QuerySet: both count() and slice
    """The catalog as the viewer may see it: faceted, and ranked when there are words (products
    with the words in a title first). Slices are products, or summary dicts when asked."""
    products = _facets(product_visible(viewer=viewer), ask)
    tokens = search.parse(ask.query)
    # The public catalog as it is: the search index can answer alone (see SearchResults).
    public = replace(ask, query="", sort="") == CatalogQuery() and not (
        viewer.is_authenticated
        and (viewer.is_operator or organization_ids_of(user=viewer).exists())
    )
    order = SORTS.get(ask.sort, ())
    registered = facets.order_of(ENTITY, ask.sort)
    if registered is not None:
        products, order = registered.apply(products)
    materialize = product_summaries if summaries else None
    if tokens:
        if not summaries:
            products = products.prefetch_related("ownerships__organization")
        return search.SearchResults(
            products=products,
            tokens=tokens,
            order_by=order,
            materialize=materialize,
            public=public,
        )
    ordered = products.order_by(*(order or SORTS["newest"]))
    if summaries:
        return search.Materialized(ordered.values_list("pk", flat=True), product_summaries)
    return ordered.prefetch_related("ownerships__organization")


def export_ids(*, viewer, ask: CatalogQuery) -> list[int]:
    """The products an export of this selection holds: published ones unless another status is
    asked for (and visible to the viewer)."""
    if not ask.status:
        ask = replace(ask, status=Product.Status.PUBLISHED)
    found = product_search(viewer=viewer, ask=ask)
    if isinstance(found, search.SearchResults):
        return found.ids()
    return list(found.values_list("pk", flat=True))


def product_suggest(*, viewer, query: str, limit: int = 8, products: bool = True) -> dict:
    """Search-as-you-type: completions of the word being typed (one typo forgiven), the best
    products, and a corrected query when a word is unknown."""
    tokens = search.parse(query)
    if not tokens:
        return {"completions": [], "products": [], "correction": None}
    head = " ".join(token.word for token in tokens[:-1])
    last = tokens[-1]
    words = search.completions(last.word, limit=limit) if last.prefix else []
    correction = None
    if not words:
        fixed = [
            token.word
            if search.known_word(token.word)
            else next(iter(search.near_words(token.word, limit=1)), token.word)
            for token in tokens
        ]
        if fixed != [token.word for token in tokens]:
            correction = " ".join(fixed)
            words = search.near_words(last.word, limit=limit) if fixed[-1] != last.word else []
    found: list = []
    if products:
        ask = CatalogQuery(query=correction or query)
        found = list(product_search(viewer=viewer, ask=ask, summaries=True)[:5])
    return {
        "completions": [f"{head} {word}".strip() for word in words],
        "products": list(found),
        "correction": correction,
    }


def can_edit_product(*, user, product: Product) -> bool:
    """Operators, and administrators and editors of any owner (co-owners edit joint products)."""
    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    editing = organization_ids_editable(user=user)
    return product.ownerships.filter(organization__in=editing).exists()


def edited_organization_ids(*, user) -> set[int]:
    """Ids of the organizations whose records the user edits (administrator or editor)."""
    return {row["organization_id"] for row in organization_ids_editable(user=user)}


def owners_change_check(
    *, current: Sequence[int], wanted: Sequence[int], editable: Collection[int], operator: bool
) -> None:
    """The one rule for changing who owns a product, kept by the services and by imports of
    every format (organization ids, the lead first): operators and the lead's editors change
    the owners, a partner's editors do not, and the lead stays an owner (its editors may hand
    the lead to a partner). Raises PermissionDenied, or ValidationError on `owners`, saying why."""
    if list(current) == list(wanted) or not current:
        return
    if not operator and current[0] not in editable:
        raise PermissionDenied(gettext("Only the lead owner's editors change a product's owners."))
    if current[0] not in wanted:
        raise ValidationError({"owners": gettext("The lead owner cannot be removed.")})


def access_product(*, user, slug: str, for_write: bool = False) -> Product:
    """A product the user may see (404 otherwise), and may edit when asked."""
    product = get_object_or_404(product_visible(viewer=user), slug=slug)
    if for_write and not can_edit_product(user=user, product=product):
        raise PermissionDenied
    return product


def access_offering(*, user, slug: str, offering_id: int, for_write: bool = False) -> Offering:
    """A run of a product the user may see (404 otherwise), and may edit when asked."""
    product = access_product(user=user, slug=slug, for_write=for_write)
    runs = Offering.objects.select_related("product")
    return get_object_or_404(runs, pk=offering_id, product=product)


def enquiry_list(*, viewer, product: Product) -> QuerySet[Enquiry]:
    """The product's enquiries, unanswered first, newest first: for its editors only."""
    if not can_edit_product(user=viewer, product=product):
        raise PermissionDenied
    return product.enquiries.select_related("offering", "answered_by").order_by(
        F("answered_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def access_enquiry(*, user, slug: str, enquiry_id: int) -> Enquiry:
    """An enquiry about a product the user edits (404 for what they may not see)."""
    product = access_product(user=user, slug=slug, for_write=True)
    return get_object_or_404(enquiry_list(viewer=user, product=product), pk=enquiry_id)


def partner_candidates(*, product: Product | None = None) -> QuerySet[Organization]:
    """Organizations that may co-own a product: admitted ones (and the current partners)."""
    admitted = Q(status=Organization.Status.ADMITTED)
    if product is not None and product.pk:
        admitted |= Q(product_ownerships__product=product)
    return Organization.objects.filter(admitted).distinct().order_by("name_ru", "name_en")


def can_change_owners(*, user, product: Product | None) -> bool:
    """Operators and the lead owner's editors (of a new product: whoever creates it)."""
    if product is None or not product.pk:
        return True
    if user.is_authenticated and user.is_operator:
        return True
    lead = product.ownerships.filter(role=ProductOwner.Role.LEAD).values_list(
        "organization_id", flat=True
    )
    return bool(set(lead) & edited_organization_ids(user=user))


def owner_candidates(*, user) -> QuerySet[Organization]:
    """Organizations the user may create products for: admitted, where they edit."""
    admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
    if user.is_authenticated and user.is_operator:
        return admitted
    return admitted.filter(pk__in=organization_ids_editable(user=user))


def review_queue(*, viewer) -> QuerySet[Product]:
    """Products waiting for an operator's decision, oldest first."""
    if not (viewer.is_authenticated and viewer.is_operator):
        raise PermissionDenied
    return (
        Product.objects.filter(status=Product.Status.IN_REVIEW)
        .prefetch_related("ownerships__organization")
        .order_by("updated_at", "pk")
    )


def revision_pending(*, product: Product) -> ProductRevision | None:
    """The product's changes waiting for review, if any (its page and API say so to all)."""
    return (
        ProductRevision.objects.filter(product=product, status=ProductRevision.Status.PENDING)
        .select_related("author")
        .first()
    )


def revision_returned(*, product: Product) -> ProductRevision | None:
    """The last changes an operator returned, when nothing newer waits (for the editors)."""
    latest = product.revisions.order_by("-created_at", "-pk").first()
    return latest if latest and latest.status == ProductRevision.Status.RETURNED else None


def revision_rows(*, revision: ProductRevision) -> list[dict]:
    """What a revision would change, for reading: each field's label, live and proposed
    values as text."""
    product = revision.product
    rows = []
    for name, proposed in revision.changes.items():
        if name == "outcomes":
            label = gettext("Learning outcomes")
            live = "\n".join(product.outcomes.order_by("position").values_list("text", flat=True))
            shown = "\n".join(text for text, _language in proposed)
        elif name == "priority_areas":
            label = _label(name)
            live = ", ".join(str(area) for area in product.priority_areas.all())
            shown = ", ".join(str(area) for area in PriorityArea.objects.filter(pk__in=proposed))
        else:
            label = _label(name)
            value = getattr(product, name)
            live = getattr(value, "code", value)
            shown = proposed
        rows.append({"name": name, "label": label, "live": _text(live), "proposed": _text(shown)})
    return rows


def _label(name: str) -> str:
    return str(getattr(Product._meta.get_field(name), "verbose_name", name))


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def access_revision(*, user, slug: str) -> ProductRevision:
    """A product's pending changes, for those who may edit it (403) or decide on them; 404
    when the product is not theirs to see or nothing waits."""
    product = access_product(user=user, slug=slug, for_write=True)
    revision = revision_pending(product=product)
    if revision is None:
        raise Http404
    return revision


def revision_queue(*, viewer) -> QuerySet[ProductRevision]:
    """Published products' changes waiting for an operator's decision, oldest first."""
    if not (viewer.is_authenticated and viewer.is_operator):
        raise PermissionDenied
    return (
        ProductRevision.objects.filter(status=ProductRevision.Status.PENDING)
        .select_related("product", "author")
        .order_by("created_at", "pk")
    )


def removals_since(*, since: datetime) -> QuerySet[ProductRemoval]:
    """What left the public catalog since a moment, oldest first (public: it was public)."""
    return ProductRemoval.objects.filter(removed_at__gte=since).order_by("removed_at", "pk")


def import_runs(*, viewer) -> QuerySet[ImportRun]:
    """The viewer's catalog imports; operators see all. Runs whose process died are marked
    interrupted first (core.runs.runs_interrupt_stale), so no page shows them working."""
    runs_interrupt_stale(ImportRun)
    runs = ImportRun.objects.defer("data").select_related("actor", "owner")
    if viewer.is_authenticated and viewer.is_operator:
        return runs
    return runs.filter(actor=viewer) if viewer.is_authenticated else runs.none()
