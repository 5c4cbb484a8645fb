from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.models import ApiToken, Membership, User

EDITING_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)


def membership_role(*, user, organization) -> str | None:
    """The user's role in the organization, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organization=organization)
        .values_list("role", flat=True)
        .first()
    )


def organization_ids_of(*, user, roles: tuple[str, ...] | None = None) -> QuerySet:
    """Ids of the organizations the user belongs to (optionally with one of the roles)."""
    if not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organization_id")


def can_edit_organization(*, user, organization) -> bool:
    """Operators and the organization's administrators and editors edit its records."""
    if not user.is_authenticated:
        return False
    return (
        user.is_operator or membership_role(user=user, organization=organization) in EDITING_ROLES
    )


def can_manage_members(*, user, organization) -> bool:
    """Operators and the organization's administrators manage who belongs to it."""
    if not user.is_authenticated:
        return False
    return user.is_operator or (
        membership_role(user=user, organization=organization) == Membership.Role.ADMIN
    )


def membership_list(*, organization) -> QuerySet[Membership]:
    """The organization's people with their roles."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__email")
    )


def user_memberships(*, user: User) -> QuerySet[Membership]:
    """The organizations a user belongs to, with the role in each."""
    return Membership.objects.filter(user=user).select_related("organization").order_by("pk")


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def access_api_token(*, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is a 404."""
    return get_object_or_404(api_token_list(user=user), pk=token_id)
