"""A would-be applicant makes their own account (as the page `mobility:signup` does)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI
from edcluster.core.api import In, errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import client_address
from edcluster.mobility import services

router = Router()


class SignUpIn(In):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)
    first_name: str = Field(..., max_length=150, description="In Latin letters, as in the passport")
    last_name: str = Field(..., max_length=150, description="In Latin letters, as in the passport")
    next: str = Field(
        "",
        max_length=500,
        description="A path on this site the confirmation link leads to after signing in "
        "(another host is dropped); by default the intakes",
    )


class SignUpOut(Schema):
    detail: str


@router.post(
    "/sign-up",
    response={202: SignUpOut, **errors(400, 403, 422, 429)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def sign_up(request: HttpRequest, payload: SignUpIn):
    """Make an applicant's account: 202, and it opens when its owner follows the link mailed to
    the address (an address that has an account gets the same answer, its owner a note). A bad
    field: 400 naming it. At most 5 sign-ups an hour from one client address (429). Signed in
    already (session or token): 403."""
    if request.user.is_authenticated:
        raise PermissionDenied(_("You are signed in already; sign out to make another account."))
    services.applicant_sign_up(
        email=payload.email,
        password=payload.password,
        first_name=payload.first_name,
        last_name=payload.last_name,
        address=client_address(request),
        next_path=payload.next,
    )
    detail = _("Check your mail: follow the link sent to %(email)s to confirm the address.")
    return Status(202, {"detail": detail % {"email": payload.email.strip()}})
