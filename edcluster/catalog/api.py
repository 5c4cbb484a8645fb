import re
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, StrictBool, StrictInt

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog import selectors, services
from edcluster.catalog.models import Offering, Product
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.core.concurrency import if_match_version, refuses_stale, set_etag
from edcluster.organizations.selectors import access_organization
from edcluster.organizations.services import fields_by_codes, priority_areas_by_ids

router = Router(tags=["catalog"])
ProductKind = api_enum("ProductKind", Product.Kind)
ProductStatus = api_enum("ProductStatus", Product.Status)
ProductStage = api_enum("ProductStage", Product.Stage)
DeliveryMode = api_enum("DeliveryMode", Product.Mode)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]")

Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]
Text = Annotated[str, Field(max_length=20000)]


def _rfc3339_only(value):
    # Pydantic would also take a bare number as a Unix timestamp; the schema says date-time.
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError(_("Use an RFC 3339 date-time, e.g. 2026-11-28T10:00:00+07:00."))
    return value


def _in_utc(value: datetime) -> datetime:
    # RFC 3339 allows offsets up to ±23:59, PostgreSQL only ±15:59: compare in UTC.
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(_("This date-time is out of range.")) from error


# A moment given in the query string: RFC 3339 with its offset, compared in UTC.
Moment = Annotated[AwareDatetime, BeforeValidator(_rfc3339_only), AfterValidator(_in_utc)]


class OutcomeIO(In):
    text: str = Field(..., min_length=1, max_length=1000)
    language: str = Field(..., pattern=r"^[a-z]{2}$")


class OwnerOut(Schema):
    organization: str
    name: str
    role: str

    @staticmethod
    def resolve_organization(owner) -> str:
        return owner.organization.slug

    @staticmethod
    def resolve_name(owner) -> str:
        return owner.organization.name


class OfferingOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    enrolment_deadline: date | None
    is_online: bool
    place: str
    seats: int | None
    enrolled: int
    price_override: Decimal | None
    language: str
    enrolment_url: str
    seats_left: int | None
    cancelled_at: datetime | None


class ProductHead(Schema):
    """What every answer about a product starts with."""

    id: int
    slug: str
    kind: ProductKind
    title_ru: str
    title_en: str
    summary_ru: str
    summary_en: str


class ProductOut(ProductHead):
    description_ru: str
    description_en: str
    owners: list[OwnerOut]
    field: str | None
    priority_areas: list[int]
    eqf_level: int | None
    isced_level: int | None
    languages: list[str]
    mode: str
    duration_hours: int | None
    duration_months: int | None
    ects_credits: Decimal | None
    is_free: bool
    price: Decimal | None
    currency: str
    target_audience_ru: str
    target_audience_en: str
    entry_requirements_ru: str
    entry_requirements_en: str
    certificate_ru: str
    certificate_en: str
    outcomes: list[OutcomeIO]
    offerings: list[OfferingOut]
    stage: ProductStage
    status: ProductStatus
    review_comment: str
    published_at: datetime | None
    source_system: str
    external_id: str
    updated_at: datetime
    version: int
    changes_pending: bool = Field(
        description="Edits of this published product wait for an operator's review; the "
        "record shows the live version (its editors read the changes at /revision)"
    )

    @staticmethod
    def resolve_changes_pending(product: Product) -> bool:
        return selectors.revision_pending(product=product) is not None

    @staticmethod
    def resolve_owners(product: Product) -> list:
        return list(product.ownerships.all())

    @staticmethod
    def resolve_field(product: Product) -> str | None:
        return product.field.code if product.field else None

    @staticmethod
    def resolve_priority_areas(product: Product) -> list[int]:
        return [area.pk for area in product.priority_areas.all()]

    @staticmethod
    def resolve_outcomes(product: Product) -> list[dict]:
        return [{"text": o.text, "language": o.language} for o in product.outcomes.all()]

    @staticmethod
    def resolve_offerings(product: Product) -> list[Offering]:
        return list(product.offerings.all())


Availability = api_enum("Availability", selectors.Availability)
CatalogSort = Literal["relevance", "newest", "title", "price", "updated"]


class OwnerBriefOut(Schema):
    organization: str
    name: str
    role: str


class ProductSummaryOut(ProductHead):
    """A product as catalog lists show it; GET /products/{slug} gives the whole record."""

    owners: list[OwnerBriefOut]
    field: str | None
    eqf_level: int | None
    languages: list[str]
    mode: str
    duration_hours: int | None
    ects_credits: Decimal | None
    is_free: bool
    price: Decimal | None
    currency: str
    stage: ProductStage
    status: ProductStatus
    published_at: datetime | None
    source_system: str
    external_id: str
    updated_at: datetime


class ProductBriefOut(Schema):
    slug: str
    title: str
    kind: str


class SuggestIn(In):
    q: str = Field(..., min_length=1, max_length=200)


class ProductFilters(In):
    q: str = Field(
        "",
        max_length=200,
        description="Words in Russian or English, any form; "
        "the last word may be unfinished. Products with the words in a title first.",
    )
    kind: ProductKind | None = None
    status: ProductStatus | None = None
    stage: ProductStage | None = None
    mode: DeliveryMode | None = None
    owner: str = Field("", pattern=r"^([-a-zA-Z0-9_]+)?$", max_length=80)
    field: str = Field("", pattern=r"^(\d{2,4})?$", description="ISCED-F code; narrower included")
    eqf_level: int | None = Field(None, ge=1, le=8)  # a query's text: not StrictInt
    language: str = Field("", pattern=r"^([a-z]{2})?$")
    priority_area: int | None = Field(None, ge=1, le=2**31 - 1)
    availability: Availability | None = None
    price: Literal["free", "paid"] | None = None
    price_max: Decimal | None = Field(None, ge=0, le=10**9)
    sort: CatalogSort | None = Field(
        None, description="Relevance when q is given, else newest; updated for incremental sync"
    )
    updated_since: Moment | None = Field(
        None,
        description="Only products changed at or after this moment, RFC 3339 with its offset, "
        "e.g. 2026-11-28T10:00:00+07:00 (incremental sync)",
    )

    def ask(self, *, default_sort: str = "") -> selectors.CatalogQuery:
        """The filters as the catalog's query (fields of subclasses, such as format, left out)."""
        names = {field.name for field in fields(selectors.CatalogQuery)} - {"query", "sort"}
        values = self.dict(exclude_none=True, include=names)
        return selectors.CatalogQuery(query=self.q, sort=self.sort or default_sort, **values)


class ProductIn(In):
    """What a member describes; every field is optional on update."""

    kind: ProductKind | None = None
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    summary_ru: Text | None = None
    summary_en: Text | None = None
    description_ru: Text | None = None
    description_en: Text | None = None
    field: str | None = Field(None, pattern=r"^\d{2,4}$", description="ISCED-F code")
    priority_areas: list[StrictInt] | None = Field(None, max_length=50)
    eqf_level: StrictInt | None = Field(None, ge=1, le=8)
    isced_level: StrictInt | None = Field(None, ge=0, le=8)
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] | None = Field(
        None, max_length=20
    )
    mode: DeliveryMode | None = None
    duration_hours: StrictInt | None = Field(None, ge=0, le=100_000)
    duration_months: StrictInt | None = Field(None, ge=0, le=240)
    ects_credits: Decimal | None = Field(None, ge=0, le=1000, decimal_places=1)
    is_free: StrictBool | None = None
    price: Decimal | None = Field(None, ge=0, le=10**9, decimal_places=2)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    target_audience_ru: Text | None = None
    target_audience_en: Text | None = None
    entry_requirements_ru: Text | None = None
    entry_requirements_en: Text | None = None
    certificate_ru: str | None = Field(None, max_length=300)
    certificate_en: str | None = Field(None, max_length=300)
    outcomes: list[OutcomeIO] | None = Field(None, max_length=100)


class ProductCreateIn(ProductIn):
    owner: str = Field(
        ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=80, description="Slug of the lead organization"
    )
    kind: ProductKind  # type: ignore[assignment]


class ReviewIn(In):
    action: str = Field(..., pattern=r"^(submit|publish|return|archive)$")
    comment: str = Field("", max_length=5000)


class StageIn(In):
    stage: ProductStage
    on: date | None = None
    note: str = Field("", max_length=2000)


class OwnerIn(In):
    organization: str = Field(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)


class OfferingIn(In):
    starts_on: date
    ends_on: date
    enrolment_deadline: date | None = None
    is_online: StrictBool = False
    place: str = Field("", max_length=300)
    seats: StrictInt | None = Field(None, ge=0, le=1_000_000)
    enrolled: StrictInt = Field(0, ge=0, le=1_000_000)
    price_override: Decimal | None = Field(None, ge=0, le=10**9, decimal_places=2)
    language: str = Field("", pattern=r"^([a-z]{2})?$")
    enrolment_url: str = Field("", max_length=500, pattern=r"^(https?://\S+)?$")


def _fields(payload: ProductIn) -> tuple[dict, list[tuple[str, str]] | None]:
    fields = payload.dict(exclude_unset=True, exclude={"owner", "outcomes"})
    fields = {name: value for name, value in fields.items() if value is not None}
    for name in ("price", "ects_credits"):  # explicit nulls clear these
        if name in payload.model_fields_set and getattr(payload, name) is None:
            fields[name] = None
    if "priority_areas" in fields:
        fields["priority_areas"] = priority_areas_by_ids(fields["priority_areas"])
    if "field" in fields:
        fields["field"] = fields_by_codes([fields["field"]])[0]
    outcomes = (
        [(item.text, item.language) for item in payload.outcomes]
        if payload.outcomes is not None
        else None
    )
    return fields, outcomes


@router.get(
    "/products",
    response={200: list[ProductSummaryOut], **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_products(request: HttpRequest, filters: Query[ProductFilters]):
    """Products you may see (published ones, your organizations' drafts, all for operators),
    searched, filtered and sorted. For incremental sync ask `updated_since` with `sort=updated`
    and fetch `/products-removed` for what left the catalog."""
    ask = filters.ask(default_sort="" if filters.q else "updated")
    return selectors.product_search(viewer=request.user, ask=ask, summaries=True)


class SuggestOut(Schema):
    completions: list[str]
    products: list[ProductBriefOut]
    correction: str | None = Field(description="The query with unknown words corrected")


@router.get(
    "/suggest",
    response={200: SuggestOut, **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def suggest(request: HttpRequest, q: Query[SuggestIn]):
    """Search-as-you-type: completions of the last word (one typo forgiven) and the top five
    products."""
    return selectors.product_suggest(viewer=request.user, query=q.q)


@router.post("/products", response={201: ProductOut, **errors(400, 401, 403, 404, 422)})
def create_product(request: AuthenticatedHttpRequest, payload: ProductCreateIn):
    """Create a draft product led by one of your organizations (editors and administrators)."""
    owner = access_organization(user=request.user, slug=payload.owner, for_write=True)
    fields, outcomes = _fields(payload)
    product = services.product_create(
        owner=owner, actor=request.user, fields=fields, outcomes=outcomes or ()
    )
    return Status(201, selectors.with_details(Product.objects.filter(pk=product.pk)).get())


@router.get(
    "/products/{slug}",
    response={200: ProductOut, **errors(401, 404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_product(request: HttpRequest, slug: Slug, response: HttpResponse):
    """One product with its owners, outcomes and offerings; its `ETag` is its version."""
    product = selectors.access_product(user=request.user, slug=slug)
    set_etag(response, product.version)
    return selectors.with_details(Product.objects.filter(pk=product.pk)).get()


@router.patch(
    "/products/{slug}",
    response={200: ProductOut, 202: ProductOut, **errors(400, 401, 403, 404, 412, 422)},
)
@refuses_stale
def update_product(
    request: AuthenticatedHttpRequest, slug: Slug, payload: ProductIn, response: HttpResponse
):
    """Edit a product: editors of any owner, and operators. A member's edit of a published
    product waits for an operator's review: 202 with the live version (`changes_pending`;
    the changes at `/products/{slug}/revision`). With `If-Match` (optional) naming the `ETag`
    read, a product changed since is a 412."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    fields, outcomes = _fields(payload)
    product = services.product_update(
        product=product,
        actor=request.user,
        fields=fields,
        outcomes=outcomes,
        expected_version=if_match_version(request),
    )
    set_etag(response, product.version)
    answer = selectors.with_details(Product.objects.filter(pk=product.pk)).get()
    waiting = product.status == Product.Status.PUBLISHED and not request.user.is_operator
    if waiting and selectors.revision_pending(product=product) is not None:
        return Status(202, answer)
    return answer


@router.post(
    "/products/{slug}/review", response={200: ProductOut, **errors(400, 401, 403, 404, 422)}
)
def review_product(request: AuthenticatedHttpRequest, slug: Slug, payload: ReviewIn):
    """Submit for review (editors); publish, return with a comment or archive (operators)."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    actions = {
        "submit": lambda: services.product_submit(product=product, actor=request.user),
        "publish": lambda: services.product_publish(product=product, actor=request.user),
        "return": lambda: services.product_return(
            product=product, actor=request.user, comment=payload.comment
        ),
        "archive": lambda: services.product_archive(product=product, actor=request.user),
    }
    actions[payload.action]()
    return selectors.with_details(Product.objects.filter(pk=product.pk)).get()


@router.post(
    "/products/{slug}/stage", response={200: ProductOut, **errors(400, 401, 403, 404, 422)}
)
def set_stage(request: AuthenticatedHttpRequest, slug: Slug, payload: StageIn):
    """Record the lifecycle stage the product reached, with its date."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    services.product_stage_set(
        product=product, stage=payload.stage, actor=request.user, on=payload.on, note=payload.note
    )
    return selectors.with_details(Product.objects.filter(pk=product.pk)).get()


@router.post("/products/{slug}/owners", response={201: OwnerOut, **errors(400, 401, 403, 404, 422)})
def add_owner(request: AuthenticatedHttpRequest, slug: Slug, payload: OwnerIn):
    """Add a partner organization to a joint product."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    organization = access_organization(user=request.user, slug=payload.organization)
    owner = services.product_owner_add(
        product=product, organization=organization, actor=request.user
    )
    return Status(201, owner)


@router.delete(
    "/products/{slug}/owners/{organization}",
    response={204: None, **errors(400, 401, 403, 404, 422)},
)
def remove_owner(request: AuthenticatedHttpRequest, slug: Slug, organization: Slug):
    """Remove a partner (never the lead)."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    owner = get_object_or_404(product.ownerships, organization__slug=organization)
    services.product_owner_remove(owner=owner, actor=request.user)
    return Status(204, None)


@router.post(
    "/products/{slug}/offerings", response={201: OfferingOut, **errors(400, 401, 403, 404, 422)}
)
def create_offering(request: AuthenticatedHttpRequest, slug: Slug, payload: OfferingIn):
    """Add a dated run of the product."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    offering = services.offering_save(product=product, actor=request.user, fields=payload.dict())
    return Status(201, offering)


@router.put(
    "/products/{slug}/offerings/{offering_id}",
    response={200: OfferingOut, **errors(400, 401, 403, 404, 422)},
)
def update_offering(
    request: AuthenticatedHttpRequest, slug: Slug, offering_id: int, payload: OfferingIn
):
    """Change a run of the product."""
    product = selectors.access_product(user=request.user, slug=slug, for_write=True)
    offering = get_object_or_404(product.offerings, pk=offering_id)
    return services.offering_save(
        product=product, actor=request.user, fields=payload.dict(), offering=offering
    )
