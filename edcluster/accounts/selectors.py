from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from edcluster.accounts.models import ApiToken, Membership, User

EDITING_ROLES = (Membership.Role.ADMIN, Membership.Role.EDITOR)
# Memberships of an organization in these statuses (organizations.models.Organization.Status;
# the organizations app's tests hold the two lists together) write nothing: a suspended
# member's or a departed member's staff keep reading their records and change none of them.
WRITES_BARRED = ("suspended", "left")


def membership_role(*, user, organization) -> str | None:
    """The user's role in the organization, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organization=organization)
        .values_list("role", flat=True)
        .first()
    )


def organization_ids_of(*, user) -> QuerySet:
    """Ids of the organizations the user belongs to, whatever the role: what they read. What
    they may change is `organization_ids_editable`."""
    if not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    return Membership.objects.filter(user_id=user.pk).values("organization_id")


def organization_ids_editable(*, user, roles: tuple[str, ...] = EDITING_ROLES) -> QuerySet:
    """Ids of the organizations whose records the user may change: where they are an
    administrator or editor (or one of `roles`), unless the organization is suspended or has
    left the cluster. The one rule every write of every app goes through."""
    if not user.is_authenticated:
        return Membership.objects.none().values("organization_id")
    memberships = Membership.objects.filter(user_id=user.pk, role__in=roles)
    return memberships.exclude(organization__status__in=WRITES_BARRED).values("organization_id")


def can_edit_organization(*, user, organization) -> bool:
    """Operators and the organization's administrators and editors edit its records (not while
    it is suspended or after it left)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_operator
        or organization_ids_editable(user=user).filter(organization_id=organization.pk).exists()
    )


def can_manage_members(*, user, organization) -> bool:
    """Operators and the organization's administrators manage who belongs to it (not while it
    is suspended or after it left)."""
    if not user.is_authenticated:
        return False
    admins = organization_ids_editable(user=user, roles=(Membership.Role.ADMIN,))
    return user.is_operator or admins.filter(organization_id=organization.pk).exists()


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
