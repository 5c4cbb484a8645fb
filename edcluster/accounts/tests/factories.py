"""Users, memberships and API tokens for tests. The personas (edcluster.testing) are made here."""

from edcluster.accounts.models import ApiToken, Membership, User
from edcluster.accounts.services import api_token_create

PASSWORD = "a-Strong-test-passw0rd"


def user_make(email: str, **flags) -> User:
    """A user who signs in with PASSWORD; `flags` are the global roles (is_operator …)."""
    return User.objects.create_user(email, PASSWORD, **flags)


def membership_make(*, user: User, organization, role: str = Membership.Role.VIEWER) -> Membership:
    return Membership.objects.create(user=user, organization=organization, role=role)


def member_make(organization, email: str, role: str = Membership.Role.VIEWER) -> User:
    """A new user working in the organization with this role."""
    user = user_make(email)
    membership_make(user=user, organization=organization, role=role)
    return user


def api_token_make(user: User, name: str = "test") -> tuple[ApiToken, str]:
    """A token of the user, made by the service (the secret is only known here)."""
    return api_token_create(user=user, name=name)
