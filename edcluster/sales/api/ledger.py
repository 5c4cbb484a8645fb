"""The ledger around the orders: the exchange rates, the revenue reports and licences."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.api import In, Pages, errors
from edcluster.sales import reports, selectors, services
from edcluster.sales.api.orders import WRITE_ERRORS, _organization, conflicts_409

router = Router()


class RateOut(Schema):
    on: date
    currency: str
    roubles: Decimal
    source: str


class RateFilters(In):
    currency: str = Field("", max_length=3)
    since: date | None = None


class ReportRowOut(Schema):
    key: str
    label: str
    contracted: Decimal
    received: Decimal
    left_out: int


class ReportOut(Schema):
    name: str
    year: int | None
    contracted: Decimal
    received: Decimal
    export_share: Decimal | None
    left_out: int
    count: int = Field(description="The report's rows in all; `rows` holds `limit` from `offset`")
    rows: list[ReportRowOut]


@router.get(
    "/rates",
    response={200: list[RateOut], **errors(422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_rates(request, filters: Query[RateFilters]):
    """The Bank of Russia's rates stored, newest first: roubles per one unit."""
    return selectors.rate_list(currency=filters.currency.upper(), since=filters.since)


class ReportFilters(In):
    year: int | None = Field(None, ge=1990, le=2100)
    limit: int = Field(100, ge=1, le=10_000, description="Rows to answer, biggest first")
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/reports/{name}", response={200: ReportOut, **errors(401, 404, 422)})
def get_report(request: AuthenticatedHttpRequest, name: str, filters: Query[ReportFilters]):
    """Contracted and received revenue in roubles by `period` (quarter), `year`, `product`,
    `member` (by share), `country`, `region` or `flow`; the caller's members' shares (all for
    operators). Rows biggest contracted first (periods and years in time order), `limit` of
    them from `offset` (the product report has a row per product sold); `count` says how many
    there are; the totals are the whole report's."""
    if name not in reports.REPORTS:
        raise Http404
    viewer, year = request.user, filters.year
    whole = reports.totals(viewer=viewer, year=year)
    rows = reports.report(
        viewer=viewer, name=name, year=year, limit=filters.limit, offset=filters.offset
    )
    # ReportOut as ninja would write it, without validating each of up to 10,000 rows (which
    # took most of the product report's time): the rows are ours, typed by `Row`
    return JsonResponse(
        {
            "name": name,
            "year": filters.year,
            **{field: whole[field] for field in ("contracted", "received", "export_share")},
            "left_out": whole["left_out"],
            "count": reports.report_size(viewer=viewer, name=name, year=year),
            # amounts as the encoder writes a Decimal (its str), so the C encoder does the rest
            "rows": [
                {
                    "key": row.key,
                    "label": str(row.label),
                    "contracted": str(row.contracted),
                    "received": str(row.received),
                    "left_out": row.left_out,
                }
                for row in rows
            ],
        },
        encoder=NinjaJSONEncoder,
    )


class LicenceIn(In):
    product: str = Field(..., min_length=1, max_length=100, description="A product's slug")
    licensee_organization: str = Field("", max_length=100, description="A member's slug")
    licensee_name: str = Field("", max_length=300)
    countries: list[str] = Field(default_factory=list, max_length=250)
    regions: list[str] = Field(default_factory=list, max_length=100)
    starts_on: date
    ends_on: date
    lump_sum: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    per_learner: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    currency: str = Field("RUB", max_length=3)
    learner_cap: int | None = Field(None, ge=0, le=10_000_000)


class LicenceOut(Schema):
    id: int
    product: str
    licensee_name: str
    countries: list[str]
    regions: list[str]
    starts_on: date
    ends_on: date
    lump_sum: Decimal | None
    per_learner: Decimal | None
    currency: str
    learner_cap: int | None
    status: str

    @staticmethod
    def resolve_product(licence) -> str:
        return licence.product.slug


class ActivateIn(In):
    on: date


@router.get("/licences", response={200: list[LicenceOut], **errors(401, 422)})
@paginate(Pages)
def list_licences(request: AuthenticatedHttpRequest):
    """Licences of the caller's members' products or granted to them (all for operators)."""
    return selectors.licence_visible(viewer=request.user).select_related("product")


@router.post("/licences", response={201: LicenceOut, **WRITE_ERRORS})
def create_licence(request: AuthenticatedHttpRequest, payload: LicenceIn):
    """A draft licence of a product whose owners the caller edits for."""
    product = Product.objects.filter(slug=payload.product).first()
    if product is None:
        raise ValidationError({"product": _("No product has this short address.")})
    if not selectors.can_license(user=request.user, product=product):
        raise PermissionDenied
    fields = payload.dict(exclude={"product", "licensee_organization"})
    fields["countries"] = [code.upper() for code in fields["countries"]]
    if payload.licensee_organization:
        fields["licensee_organization"] = _organization(
            payload.licensee_organization, "licensee_organization"
        )
    licence = services.licence_create(product=product, actor=request.user, fields=fields)
    return Status(201, licence)


@router.post("/licences/{licence_id}/activate", response={200: LicenceOut, **WRITE_ERRORS})
@conflicts_409
def activate_licence(request: AuthenticatedHttpRequest, licence_id: int, payload: ActivateIn):
    """Put a draft licence in force: the product's markets in its territory, and an
    implemented product replicated."""
    licence = selectors.access_licence(user=request.user, licence_id=licence_id, for_write=True)
    return services.licence_activate(licence=licence, actor=request.user, on=payload.on)


class LicenceChangeIn(In):
    licensee_organization: str | None = Field(None, max_length=100, description="A member's slug")
    licensee_name: str | None = Field(None, max_length=300)
    countries: list[str] | None = Field(None, max_length=250)
    regions: list[str] | None = Field(None, max_length=100)
    starts_on: date | None = None
    ends_on: date | None = None
    lump_sum: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    per_learner: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    learner_cap: int | None = Field(None, ge=0, le=10_000_000)


@router.get("/licences/{licence_id}", response={200: LicenceOut, **errors(401, 404, 422)})
def get_licence(request: AuthenticatedHttpRequest, licence_id: int):
    """A licence the caller's members grant or hold (any for operators)."""
    return selectors.access_licence(user=request.user, licence_id=licence_id)


@router.patch("/licences/{licence_id}", response={200: LicenceOut, **WRITE_ERRORS})
@conflicts_409
def update_licence(request: AuthenticatedHttpRequest, licence_id: int, payload: LicenceChangeIn):
    """Change a draft licence's terms (the fields given)."""
    licence = selectors.access_licence(user=request.user, licence_id=licence_id, for_write=True)
    fields = payload.dict(exclude_unset=True, exclude={"licensee_organization"})
    for required in ("licensee_name", "starts_on", "ends_on", "currency"):
        if required in fields and fields[required] is None:
            raise ValidationError({required: _("This field cannot be null.")})
    if fields.get("currency"):
        fields["currency"] = fields["currency"].upper()
    if "countries" in fields:
        fields["countries"] = [code.upper() for code in fields["countries"] or []]
    if "regions" in fields:
        fields["regions"] = fields["regions"] or []
    if payload.licensee_organization is not None:
        fields["licensee_organization"] = (
            _organization(payload.licensee_organization, "licensee_organization")
            if payload.licensee_organization
            else None
        )
    return services.licence_update(licence=licence, actor=request.user, fields=fields)


@router.post("/licences/{licence_id}/end", response={200: LicenceOut, **WRITE_ERRORS})
@conflicts_409
def end_licence(request: AuthenticatedHttpRequest, licence_id: int, payload: ActivateIn):
    """Cancel a draft licence, or end one in force on the date (its markets are kept)."""
    licence = selectors.access_licence(user=request.user, licence_id=licence_id, for_write=True)
    return services.licence_end(licence=licence, actor=request.user, on=payload.on)


class PublishedOut(Schema):
    year: int
    published_at: datetime
    figures: dict


@router.get(
    "/published",
    response={200: list[PublishedOut], **errors(422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_published(request):
    """The years' aggregates operators published (the only public sales figures): totals,
    export share, and contracted and received roubles by quarter, flow and buyer's country."""
    return selectors.published_years()
