from datetime import datetime
from enum import Enum
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool, StrictInt

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import membership_list
from edcluster.accounts.services import membership_remove
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.core.concurrency import if_match_version, refuses_stale, set_etag
from edcluster.organizations import selectors, services
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea

router = Router(tags=["organizations"])

OrganizationKind = api_enum("OrganizationKind", Organization.Kind)
MembershipStatus = api_enum("MembershipStatus", Organization.Status)
MemberRole = api_enum("MemberRole", Membership.Role)
FieldLevel = api_enum("FieldLevel", FieldOfEducation.Level)
PriorityList = api_enum("PriorityList", PriorityArea.List)

# The same shape as the pages' <slug:…> converter; anything else is a 422, never a query.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]

# ISO 3166 alpha-2 codes that django-countries knows, so the schema itself rejects "AA".
Country = Enum("Country", {code: code for code in countries}, type=str)  # type: ignore[misc]


class OrganizationOut(Schema):
    id: int
    slug: Slug
    version: int
    name_ru: str
    name_en: str
    short_name: str  # Russian
    short_name_en: str
    kind: OrganizationKind
    status: MembershipStatus
    country: str
    region: str
    city: str
    website: str
    internet_domain: str
    description_ru: str
    description_en: str
    founded_year: int | None
    students_count: int | None
    international_students_count: int | None
    facts_source: str
    is_key_company: bool
    is_sme: bool
    is_demo: bool
    priority_areas: list[int]
    fields_of_education: list[str]
    updated_at: datetime

    @staticmethod
    def resolve_country(organization: Organization) -> str:
        return organization.country.code or ""  # type: ignore[attr-defined]

    @staticmethod
    def resolve_priority_areas(organization: Organization) -> list[int]:
        return [area.pk for area in organization.priority_areas.all()]

    @staticmethod
    def resolve_fields_of_education(organization: Organization) -> list[str]:
        return [field.code for field in organization.fields_of_education.all()]


class OrganizationFilters(In):
    q: str = Field("", max_length=200, description="Words in either language's name")
    kind: OrganizationKind | None = None
    status: MembershipStatus | None = None
    priority_area: int | None = Field(None, ge=1, le=2**63 - 1)
    field: str = Field("", pattern=r"^(\d{2,4})?$", description="ISCED-F code or its prefix")
    country: Country | None = Field(None, description="ISO 3166 alpha-2")


class ProfileIn(In):
    """Profile fields the organization's staff keep; every field is optional on update."""

    name_ru: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, min_length=1, max_length=300)
    short_name: str | None = Field(None, max_length=60, description="Russian short name")
    short_name_en: str | None = Field(None, max_length=60)
    country: Country | None = None
    region: str | None = Field(None, max_length=120)
    city: str | None = Field(None, max_length=120)
    website: str | None = Field(None, max_length=200)
    internet_domain: str | None = Field(None, max_length=253)
    description_ru: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    founded_year: StrictInt | None = Field(None, ge=800, le=2100)
    students_count: StrictInt | None = Field(None, ge=0, le=10_000_000)
    international_students_count: StrictInt | None = Field(None, ge=0, le=10_000_000)
    facts_source: str | None = Field(None, max_length=5000)
    is_sme: StrictBool | None = None
    priority_areas: list[StrictInt] | None = Field(None, max_length=50)
    fields_of_education: list[str] | None = Field(None, max_length=50)


class OrganizationPatchIn(ProfileIn):
    kind: OrganizationKind | None = Field(None, description="Operators only")
    is_key_company: StrictBool | None = Field(None, description="Operators only")
    is_demo: StrictBool | None = Field(None, description="Operators only")


class AdministratorIn(In):
    email: str = Field(..., pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    password: str = Field(..., min_length=12, max_length=128)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class AppliedOut(Schema):
    detail: str


class ApplicationIn(ProfileIn):
    name_ru: str = Field(..., min_length=1, max_length=300)  # type: ignore[assignment]
    name_en: str = Field(..., min_length=1, max_length=300)  # type: ignore[assignment]
    kind: OrganizationKind
    administrator: AdministratorIn | None = Field(
        None, description="The first administrator; omit when calling as a signed-in user"
    )


class StatusIn(In):
    status: MembershipStatus
    reason: str = Field("", max_length=5000)


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    actor: str | None
    at: datetime

    @staticmethod
    def resolve_actor(change) -> str | None:
        return change.actor.email if change.actor else None


class MemberOut(Schema):
    user_id: int
    email: str
    name: str
    role: MemberRole

    @staticmethod
    def resolve_email(membership: Membership) -> str:
        return membership.user.email

    @staticmethod
    def resolve_name(membership: Membership) -> str:
        return membership.user.get_full_name()


class MemberIn(In):
    email: str = Field(..., pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    role: MemberRole


class PriorityAreaOut(Schema):
    id: int
    list: PriorityList
    code: str
    name_ru: str
    name_en: str


class FieldOut(Schema):
    code: str
    level: FieldLevel
    parent: str | None
    name_en: str
    name_ru: str

    @staticmethod
    def resolve_parent(field: FieldOfEducation) -> str | None:
        return field.parent.code if field.parent else None


def _profile_fields(payload: ProfileIn) -> dict:
    """The schema's set fields, with reference ids turned into records."""
    fields = payload.dict(exclude_unset=True, exclude={"administrator"})
    if fields.get("priority_areas") is not None:
        fields["priority_areas"] = services.priority_areas_by_ids(fields["priority_areas"])
    if fields.get("fields_of_education") is not None:
        fields["fields_of_education"] = services.fields_by_codes(fields["fields_of_education"])
    return {name: value for name, value in fields.items() if value is not None}


@router.get(
    "/reference/priority-areas",
    response={200: list[PriorityAreaOut], **errors(401)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def list_priority_areas(request: HttpRequest):
    """Both official lists of Russian priority areas of science and technology."""
    return selectors.priority_area_list()


@router.get(
    "/reference/fields-of-education",
    response={200: list[FieldOut], **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def list_fields(request: HttpRequest, level: FieldLevel | None = None):
    """ISCED-F 2013 fields of education and training."""
    return selectors.field_list(level=level or "").select_related("parent")


@router.get(
    "/",
    response={200: list[OrganizationOut], **errors(401, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]):
    """The members directory: admitted members, your own organizations, all for operators."""
    return selectors.organization_list(
        viewer=request.user,
        query=filters.q,
        kind=filters.kind or "",
        status=filters.status or "",
        priority_area=filters.priority_area,
        field=filters.field,
        country=filters.country.value if filters.country else "",
    ).prefetch_related("priority_areas", "fields_of_education")


@router.post(
    "/",
    response={201: OrganizationOut, 202: AppliedOut, **errors(400, 401, 403, 422, 429)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def apply(request: HttpRequest, payload: ApplicationIn):
    """An organization applies to join the cluster, with its first administrator.

    Signed in, you are its administrator (201). Otherwise name the administrator: 202, and
    the application waits until they confirm their address by the link mailed to them (an
    address that has an account gets the same answer; its owner gets a mail). At most 5
    applications an hour from one address (429)."""
    services.JOIN.hit(request=request)
    fields = _profile_fields(payload) | {"kind": payload.kind}
    if request.user.is_authenticated:
        organization = services.organization_apply(fields=fields, applicant=request.user)
        return Status(201, organization)
    admin = payload.administrator
    if admin is None:
        message = _("Name the first administrator.")
        return Status(400, {"detail": message, "errors": {"administrator": [message]}})
    services.organization_apply(
        fields=fields,
        admin_email=admin.email,
        admin_password=admin.password,
        admin_first_name=admin.first_name,
        admin_last_name=admin.last_name,
    )
    detail = _("Check your mail: follow the link sent to %(email)s to confirm the address.")
    return Status(202, {"detail": detail % {"email": admin.email}})


@router.get(
    "/{slug}",
    response={200: OrganizationOut, **errors(401, 404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_organization(request: HttpRequest, slug: Slug, response: HttpResponse):
    """One organization's profile; its `ETag` is the profile's version."""
    organization = selectors.access_organization(user=request.user, slug=slug)
    set_etag(response, organization.version)
    return organization


@router.patch("/{slug}", response={200: OrganizationOut, **errors(400, 401, 403, 404, 412, 422)})
@refuses_stale
def update_organization(
    request: AuthenticatedHttpRequest,
    slug: Slug,
    payload: OrganizationPatchIn,
    response: HttpResponse,
):
    """Edit the profile: the organization's administrators and editors, and operators. With
    `If-Match` (optional) naming the `ETag` read, a profile changed since is a 412."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_write=True)
    organization = services.organization_update(
        organization=organization,
        actor=request.user,
        fields=_profile_fields(payload),
        expected_version=if_match_version(request),
    )
    set_etag(response, organization.version)
    return organization


@router.post("/{slug}/status", response={200: OrganizationOut, **errors(400, 401, 403, 404, 422)})
def change_status(request: AuthenticatedHttpRequest, slug: Slug, payload: StatusIn):
    """Admit, decline, suspend or mark as left (operators), with the reason."""
    organization = selectors.access_organization(user=request.user, slug=slug)
    return services.organization_change_status(
        organization=organization,
        to_status=payload.status,
        actor=request.user,
        reason=payload.reason,
    )


@router.get(
    "/{slug}/status-history", response={200: list[StatusChangeOut], **errors(401, 403, 404, 422)}
)
def get_status_history(request: AuthenticatedHttpRequest, slug: Slug):
    """The membership history with reasons: the organization's staff and operators."""
    organization = selectors.access_organization_internals(user=request.user, slug=slug)
    return selectors.status_history(organization=organization)


@router.get("/{slug}/members", response={200: list[MemberOut], **errors(401, 403, 404, 422)})
def list_members(request: AuthenticatedHttpRequest, slug: Slug):
    """The organization's people and their roles: its staff and operators."""
    organization = selectors.access_organization_internals(user=request.user, slug=slug)
    return membership_list(organization=organization)


@router.put("/{slug}/members", response={200: MemberOut, **errors(400, 401, 403, 404, 422)})
def set_member(request: AuthenticatedHttpRequest, slug: Slug, payload: MemberIn):
    """Add a person by e-mail (a new one is invited to set a password) or change their role."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_members=True)
    return services.membership_invite(
        organization=organization, email=payload.email, role=payload.role, actor=request.user
    )


@router.delete("/{slug}/members/{user_id}", response={204: None, **errors(400, 401, 403, 404, 422)})
def remove_member(request: AuthenticatedHttpRequest, slug: Slug, user_id: int):
    """Remove a person from the organization (never its last administrator)."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_members=True)
    membership = get_object_or_404(membership_list(organization=organization), user_id=user_id)
    membership_remove(membership=membership, actor=request.user)
    return Status(204, None)
