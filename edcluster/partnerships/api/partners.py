"""Foreign partners: their EWP identity (SCHAC id = internet domain, Erasmus code, PIC), units
and contacts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.organizations.models import Organization, OrganizationContact, OrganizationUnit
from edcluster.partnerships import selectors, services

router = Router()


class ForeignKind(models.TextChoices):
    FOREIGN_UNIVERSITY = Organization.Kind.FOREIGN_UNIVERSITY.value
    FOREIGN_ORGANIZATION = Organization.Kind.FOREIGN_ORGANIZATION.value


PartnerKind = api_enum("PartnerKind", ForeignKind)


class UnitOut(Schema):
    id: int
    unit_id: str
    code: str
    name_ru: str
    name_en: str


class ContactOut(Schema):
    id: int
    role: str
    name: str
    email: str
    phone: str
    unit_id: str | None

    @staticmethod
    def resolve_unit_id(contact: OrganizationContact) -> str | None:
        return contact.unit.unit_id if contact.unit else None


class PartnerOut(Schema):
    slug: str
    name_ru: str
    name_en: str
    short_name: str
    short_name_en: str
    kind: str
    country: str
    city: str
    website: str
    schac_id: str
    erasmus_code: str
    pic: str

    @staticmethod
    def resolve_country(partner: Organization) -> str:
        return str(partner.country)


class PartnerDetailOut(PartnerOut):
    units: list[UnitOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_units(partner: Organization) -> list[OrganizationUnit]:
        return list(partner.units.all())

    @staticmethod
    def resolve_contacts(partner: Organization) -> list[OrganizationContact]:
        return list(selectors.partner_contacts(partner=partner))


class PartnerChangeIn(In):
    name_ru: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, min_length=1, max_length=300)
    short_name: str | None = Field(None, max_length=60)
    short_name_en: str | None = Field(None, max_length=60)
    kind: PartnerKind | None = None  # type: ignore[valid-type]
    country: str | None = Field(None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    city: str | None = Field(None, max_length=120)
    website: str | None = Field(None, max_length=200)
    schac_id: str | None = Field(None, max_length=253, description="The internet domain")
    erasmus_code: str | None = Field(None, max_length=20)
    pic: str | None = Field(None, max_length=9)


class PartnerIn(PartnerChangeIn):
    name_en: str = Field(..., min_length=1, max_length=300)
    kind: PartnerKind  # type: ignore[valid-type]
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")


class UnitIn(In):
    unit_id: str = Field(..., min_length=1, max_length=64)
    code: str = Field("", max_length=64)
    name_ru: str = Field("", max_length=300)
    name_en: str = Field(..., min_length=1, max_length=300)


class ContactIn(In):
    role: str = Field(..., min_length=1, max_length=200)
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    unit_id: str | None = Field(None, max_length=64)


class PartnerFilters(In):
    q: str = Field("", max_length=200)
    country: str = Field("", max_length=2)
    group: str = Field("", max_length=20, description="apac, east, south_east, south, oceania")


def _identity(payload: PartnerChangeIn) -> dict:
    fields = payload.dict(exclude_unset=True)
    if "schac_id" in fields:
        fields["internet_domain"] = (fields.pop("schac_id") or "").strip().lower()
    if fields.get("name_en") and not fields.get("name_ru") and "name_ru" not in fields:
        fields.setdefault("name_ru", fields["name_en"])
    if "country" in fields and fields["country"]:
        fields["country"] = fields["country"].upper()
    return {name: value for name, value in fields.items() if value is not None}


@router.get("/partners", response={200: list[PartnerOut], **errors(401, 403, 422)})
@paginate(Pages)
def list_partners(request: AuthenticatedHttpRequest, filters: Query[PartnerFilters]):
    """Foreign partners (members' staff and operators)."""
    return selectors.partner_list(
        viewer=request.user, query=filters.q, country=filters.country, group=filters.group
    )


@router.post("/partners", response={201: PartnerDetailOut, **errors(400, 401, 403, 422)})
def create_partner(request: AuthenticatedHttpRequest, payload: PartnerIn):
    """Add a foreign partner (members' editors and operators)."""
    if not selectors.can_edit_partners(user=request.user):
        raise PermissionDenied
    return Status(201, services.partner_create(actor=request.user, **_identity(payload)))


@router.get("/partners/{slug}", response={200: PartnerDetailOut, **errors(401, 403, 404, 422)})
def get_partner(request: AuthenticatedHttpRequest, slug: str):
    """A partner with its units and contacts."""
    return selectors.access_partner(user=request.user, slug=slug)


@router.patch(
    "/partners/{slug}", response={200: PartnerDetailOut, **errors(400, 401, 403, 404, 422)}
)
def update_partner(request: AuthenticatedHttpRequest, slug: str, payload: PartnerChangeIn):
    """Change a partner's names or EWP identity."""
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    return services.partner_update(partner=partner, actor=request.user, **_identity(payload))


@router.post("/partners/{slug}/units", response={201: UnitOut, **errors(400, 401, 403, 404, 422)})
def add_unit(request: AuthenticatedHttpRequest, slug: str, payload: UnitIn):
    """Add an organizational unit (EWP ounit-id)."""
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    return Status(201, services.unit_add(partner=partner, actor=request.user, **payload.dict()))


@router.post(
    "/partners/{slug}/contacts", response={201: ContactOut, **errors(400, 401, 403, 404, 422)}
)
def add_contact(request: AuthenticatedHttpRequest, slug: str, payload: ContactIn):
    """Add a contact: role, name, e-mail, phone."""
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    fields = payload.dict()
    unit_id = fields.pop("unit_id")
    unit = partner.units.filter(unit_id=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        raise ValidationError({"unit_id": _("The partner has no unit with this id.")})
    return Status(
        201, services.contact_add(partner=partner, actor=request.user, unit=unit, **fields)
    )


@router.delete("/contacts/{contact_id}", response={204: None, **errors(401, 403, 404, 422)})
def remove_contact(request: AuthenticatedHttpRequest, contact_id: int):
    """Forget a partner's contact."""
    contact = selectors.access_contact(user=request.user, contact_id=contact_id)
    services.contact_remove(contact=contact, actor=request.user)
    return HttpResponse(status=204)
