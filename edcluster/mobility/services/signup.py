"""A foreign applicant makes their own account (the page `mobility:signup` and the API):
accounts' `user_register` makes it inactive and mails the link that opens it. Whether the
address was taken or not, the caller answers the same; the account belongs to no organization."""

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edcluster.accounts.models import User
from edcluster.accounts.services import safe_next_path, user_register
from edcluster.core.ratelimit import RateLimit, RateLimited

# Names as in the passport's machine-readable zone: Latin letters, spaces, hyphens, apostrophes.
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z' .\-]*\Z")
LATIN_NAME_MESSAGE = gettext_lazy("Write the name in Latin letters, as in your passport.")
# Sign-ups per client address (over it: 429); and per e-mail address typed, so that nobody's
# mailbox is flooded with links or "someone tried" notes (over it: the same answer, no mail).
SIGN_UP = RateLimit("mobility.sign_up", count=5, seconds=3600)
SIGN_UP_MAILS = RateLimit("mobility.sign_up.mails", count=3, seconds=3600)


def _checked(*, email: str, password: str, first_name: str, last_name: str) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    names = {"first_name": first_name.strip(), "last_name": last_name.strip()}
    for field, value in names.items():
        if not value:
            errors[field] = [_("This field is required.")]
        elif len(value) > 150 or not LATIN_NAME.match(value):
            errors[field] = [str(LATIN_NAME_MESSAGE)]
    email = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        errors["email"] = error.messages
    try:  # whatever the address, so a weak password answers the same either way
        validate_password(password, User(email=email, **names))
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    return {"email": email, **names}


def applicant_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    address: str = "",
    next_path: str = "",
) -> None:
    """Sign a would-be applicant up from client `address`: a bad field is a ValidationError
    naming it, too many sign-ups from the address `RateLimited`. Otherwise the same for every
    address typed: a new one gets an inactive account (audited `user.registered`) and the link
    that opens it, carrying `next_path` if it is a path on this site (else the mobility home);
    a taken one a note to its owner; one asked for too often nothing."""
    SIGN_UP.hit(address=address)
    fields = _checked(email=email, password=password, first_name=first_name, last_name=last_name)
    try:
        SIGN_UP_MAILS.hit(key=fields["email"])
    except RateLimited:
        return
    next_path = safe_next_path(next_path) or reverse("mobility:home")
    with transaction.atomic():
        user_register(password=password, next_path=next_path, **fields)
