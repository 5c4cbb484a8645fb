from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from edcluster.accounts import selectors, services
from edcluster.accounts.auth import AuthenticatedHttpRequest, called_with_token
from edcluster.accounts.models import Membership
from edcluster.core.api import In, api_enum, errors

router = Router(tags=["accounts"])
MemberRole = api_enum("MemberRole", Membership.Role)


class MembershipOut(Schema):
    organization: str
    organization_name: str
    role: MemberRole

    @staticmethod
    def resolve_organization(membership: Membership) -> str:
        return membership.organization.slug

    @staticmethod
    def resolve_organization_name(membership: Membership) -> str:
        return membership.organization.name


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    is_operator: bool
    is_expert: bool
    is_applicant: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(user) -> list[Membership]:
        return list(selectors.user_memberships(user=user))


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime
    state: Literal["active", "expired", "revoked"] = Field(
        ..., description="An expired or revoked token answers 401"
    )


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret; shown this once and never again")


class TokenIn(In):
    name: str = Field(..., min_length=1, max_length=100)
    days: Literal[30, 90, 365] = Field(
        services.TOKEN_DEFAULT_DAYS, description="How long the token lives, in days"
    )


@router.get("/me", response={200: MeOut, **errors(401)})
def me(request: AuthenticatedHttpRequest):
    """Who is calling, with global roles and organization memberships."""
    return request.user


@router.get("/tokens", response={200: list[TokenOut], **errors(401)})
def list_tokens(request: AuthenticatedHttpRequest):
    """Your personal API tokens (never their secrets)."""
    return selectors.api_token_list(user=request.user)


@router.post("/tokens", response={201: TokenCreatedOut, **errors(400, 401, 403, 422)})
def create_token(request: AuthenticatedHttpRequest, payload: TokenIn):
    """Create a personal API token; copy the secret now, it is not shown again. Only a
    signed-in session creates tokens: a token cannot make another (403)."""
    if called_with_token(request):
        raise PermissionDenied(_("Tokens are created from a signed-in session, not with a token."))
    token, secret = services.api_token_create(
        user=request.user, name=payload.name, days=payload.days
    )
    token.token = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None, **errors(401, 403, 404, 422)})
def revoke_token(request: AuthenticatedHttpRequest, token_id: int):
    """Revoke one of your tokens; calls with it fail from now on."""
    token = selectors.access_api_token(user=request.user, token_id=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    return Status(204, None)
