from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.selectors import (
    can_edit_organization,
    can_manage_members,
    organization_ids_of,
)
from edcluster.core.selectors import is_operator, require_operator
from edcluster.core.text import fold_spaces
from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    PriorityArea,
    StatusChange,
)


def organization_visible(*, viewer) -> QuerySet[Organization]:
    """What the viewer may see: admitted members for everyone, plus their own organizations;
    operators see all."""
    organizations = Organization.objects.all()
    if is_operator(user=viewer):
        return organizations
    return organizations.filter(
        Q(status=Organization.Status.ADMITTED) | Q(pk__in=organization_ids_of(user=viewer))
    )


def organization_list(
    *,
    viewer,
    query: str = "",
    kind: str = "",
    status: str = "",
    priority_area: int | None = None,
    field: str = "",
    country: str = "",
) -> QuerySet[Organization]:
    """The directory, filtered; a field filter also finds organizations tagged with sub-fields."""
    organizations = organization_visible(viewer=viewer)
    if query:
        for word in fold_spaces(query).split():
            organizations = organizations.filter(search_text__contains=word)
    if kind:
        organizations = organizations.filter(kind=kind)
    if status:
        organizations = organizations.filter(status=status)
    if priority_area:
        organizations = organizations.filter(priority_areas=priority_area)
    if field:
        organizations = organizations.filter(fields_of_education__code__startswith=field)
    if country:
        organizations = organizations.filter(country=country.upper())
    return organizations.distinct().order_by("name_ru", "pk")


def access_organization(
    *, user, slug: str, for_write: bool = False, for_members: bool = False
) -> Organization:
    """An organization the user may see (404 otherwise), and may edit or manage when asked."""
    organization = get_object_or_404(organization_visible(viewer=user), slug=slug)
    if for_write and not can_edit_organization(user=user, organization=organization):
        raise PermissionDenied
    if for_members and not can_manage_members(user=user, organization=organization):
        raise PermissionDenied
    return organization


def access_organization_internals(*, user, slug: str) -> Organization:
    """An organization whose staff list and status history the user may read: its own
    members and operators; everyone else gets 404."""
    organization = access_organization(user=user, slug=slug)
    if not is_insider(user=user, organization=organization):
        raise PermissionDenied
    return organization


def is_insider(*, user, organization: Organization) -> bool:
    """Its own staff and operators see an organization's people and history."""
    return (
        is_operator(user=user)
        or organization_ids_of(user=user).filter(organization_id=organization.pk).exists()
    )


def status_history(*, organization: Organization) -> QuerySet[StatusChange]:
    """The membership history, oldest first."""
    return organization.status_changes.select_related("actor")


def applications_pending(*, viewer) -> QuerySet[Organization]:
    """Applications waiting for a decision; operators only."""
    require_operator(user=viewer)
    return Organization.objects.filter(status=Organization.Status.APPLIED).order_by("created_at")


def priority_area_list() -> QuerySet[PriorityArea]:
    """Both official lists of priority areas."""
    return PriorityArea.objects.all()


def field_list(*, level: str = "") -> QuerySet[FieldOfEducation]:
    """ISCED-F fields of education, optionally of one level."""
    fields = FieldOfEducation.objects.all()
    return fields.filter(level=level) if level else fields


def directory_counts() -> dict[str, int]:
    """Figures for the home page: admitted members by kind."""
    admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
    return {
        "members": admitted.count(),
        "universities": admitted.filter(kind=Organization.Kind.UNIVERSITY).count(),
        "foreign_partners": admitted.filter(kind=Organization.Kind.FOREIGN_UNIVERSITY).count(),
        "employers": admitted.filter(
            kind__in=[Organization.Kind.EMPLOYER, Organization.Kind.SMALL_ENTERPRISE]
        ).count(),
    }
