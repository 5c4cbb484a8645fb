import hashlib
import math
import secrets
import time
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from edcluster.accounts.models import ApiToken, Membership, User
from edcluster.core.followups import ACCOUNT_CONFIRMED, after_commit
from edcluster.core.runs import enqueue_on_commit
from edcluster.core.services import audit_record

TOKEN_PREFIX = "edc_"
# How long a token lives, chosen when it is made: a bounded choice, never "for ever".
TOKEN_LIFETIME_DAYS = (30, 90, 365)
TOKEN_DEFAULT_DAYS: Final = 90


def user_create(
    *, email: str, password: str | None, first_name: str = "", last_name: str = "", **flags: bool
) -> User:
    """Create a person's account; an address already registered is a validation error."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(email=email, first_name=first_name, last_name=last_name, **flags)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


CONFIRM_SALT = "accounts.confirm"
NEXT_PATH_MAX = 500


def safe_next_path(value: object) -> str:
    """`value` if it is a path on this site to go to next (`/en/mobility/intakes/5/apply/`),
    else "": never another host, scheme, protocol-relative or backslashed address."""
    if not isinstance(value, str) or not value or len(value) > NEXT_PATH_MAX:
        return ""
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return ""
    if any(not char.isprintable() or char.isspace() for char in value):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


def user_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", next_path: str = ""
) -> User | None:
    """A new person's own account, which works once they follow the link mailed to them
    (`account_confirm`). An address already registered makes no account and its owner is told
    by mail that someone tried; the caller answers the same either way (None here). A safe
    `next_path` rides on the link, so the confirmed page signs them in to where they were going."""
    email = User.objects.normalize_email(email).lower()
    try:  # before the address is looked at, so a weak password answers the same either way
        validate_password(password, User(email=email, first_name=first_name, last_name=last_name))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        enqueue_on_commit("edcluster.accounts.tasks.notify_address_taken", user_id=owner.pk)
        return None
    user = user_create(email=email, password=password, first_name=first_name, last_name=last_name)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=None, verb="user.registered", target=user)
    next_path = safe_next_path(next_path)
    extra = {"next_path": next_path} if next_path else {}
    enqueue_on_commit("edcluster.accounts.tasks.send_confirmation", user_id=user.pk, **extra)
    return user


def _confirm_state(user: User) -> str:
    # Changes once the account is confirmed (or its address or password changes): a link
    # confirms once, and never reopens an account an operator closed later.
    state = f"{user.pk}:{user.email}:{user.is_active}:{user.last_login}:{user.password}"
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def account_confirm_token(*, user: User) -> str:
    """The signed, expiring token of the link that confirms this account's address."""
    return signing.dumps({"user": user.pk, "state": _confirm_state(user)}, salt=CONFIRM_SALT)


@transaction.atomic
def account_confirm(*, token: str) -> User:
    """Open the account of a confirmation link; a link that is forged, expired
    (`ACCOUNT_CONFIRM_SECONDS`) or used already is a validation error."""
    invalid = ValidationError(
        _(
            "This confirmation link is invalid or has expired. Sign up again, or reset your "
            "password."
        ),
        code="invalid_link",
    )
    try:
        signed = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.ACCOUNT_CONFIRM_SECONDS)
    except signing.BadSignature:
        raise invalid from None
    user = User.objects.select_for_update().filter(pk=signed.get("user")).first()
    if user is not None and user.is_active:  # the link followed twice: nothing to do but sign in
        raise ValidationError(
            _("This address is confirmed already: sign in."), code="confirmed_already"
        )
    if user is None or signed.get("state") != _confirm_state(user):
        raise invalid
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, verb="user.confirmed", target=user)
    after_commit(ACCOUNT_CONFIRMED, user_id=user.pk)
    return user


@transaction.atomic
def membership_set(*, user: User, organization, role: str, actor) -> Membership:
    """Give a user a role in an organization, or change the role they have."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, created = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        verb="membership.added" if created else "membership.changed",
        target=membership,
        data={"organization": organization.pk, "user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    """Remove a user from an organization; its last administrator cannot be removed."""
    if membership.role == Membership.Role.ADMIN and not (
        Membership.objects.filter(organization=membership.organization, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("An organization must keep at least one administrator."))
    audit_record(
        actor=actor,
        verb="membership.removed",
        target=membership,
        data={"organization": membership.organization_id, "user": membership.user.email},
    )
    membership.delete()


def _token_hash(secret: str) -> str:
    # The secret is 256 random bits, so a plain SHA-256 cannot be brute-forced; a slow hash
    # would only slow every API request.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int = TOKEN_DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Create a personal API token living `days` days; the secret is returned once and never
    stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if days not in TOKEN_LIFETIME_DAYS:
        raise ValidationError({"days": _("Choose how long the token lives: 30, 90 or 365 days.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:12],
        token_hash=_token_hash(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(actor=user, verb="api_token.created", target=token, data={"days": days})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token for good; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, verb="api_token.revoked", target=token)
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every live token of the user (their password changed, say); the count revoked."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    count = live.update(revoked_at=timezone.now())
    if count:
        audit_record(
            actor=user,
            verb="api_token.revoked_all",
            target=user,
            data={"reason": reason, "count": count},
        )
    return count


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user a live token (not revoked, not expired) belongs to, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=_token_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, so busy integrations do not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _pair_key(*, email: str, address: str) -> str:
    pair = f"{email.strip().lower()}\n{address}".encode()
    return f"login-fail:pair:{hashlib.sha256(pair).hexdigest()[:40]}"


def _pair_delay(failures: int) -> int:
    """The pause after this many failures of one pair: none up to LOGIN_THROTTLE_ATTEMPTS, then
    LOGIN_THROTTLE_DELAY_SECONDS doubling with each further failure, at most the maximum."""
    over = failures - settings.LOGIN_THROTTLE_ATTEMPTS
    if over < 0:
        return 0
    delay = settings.LOGIN_THROTTLE_DELAY_SECONDS * 2 ** min(over, 30)
    return int(min(delay, settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS))


def login_wait_seconds(*, email: str, address: str) -> int:
    """Seconds this address must wait before trying this account again (0: it may try now).

    Only failures of this account from this address count: an attacker elsewhere, or other
    people behind the same address, never delay a sign-in."""
    failures, last = cache.get(_pair_key(email=email, address=address), (0, 0.0))
    return max(0, math.ceil(last + _pair_delay(failures) - time.time()))


def _login_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def login_failure_record(*, email: str, address: str) -> int:
    """Count one failed sign-in of the pair (forgotten after LOGIN_THROTTLE_WINDOW_SECONDS
    without a failure), audited, and the lockout it starts; returns the pause in seconds."""
    key = _pair_key(email=email, address=address)
    failures, _last = cache.get(key, (0, 0.0))
    failures += 1
    delay = _pair_delay(failures)
    cache.set(key, (failures, time.time()), timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS + delay)
    user = _login_user(email)
    data = {"email": email.strip()[:254], "address": address, "failures": failures}
    audit_record(actor=None, verb="login.failed", target=user, data=data)
    if delay:
        audit_record(actor=None, verb="login.locked", target=user, data={**data, "seconds": delay})
    return delay


def login_refusal_record(*, email: str, address: str, seconds: int) -> None:
    """Audit a sign-in refused unread because its pair is paused."""
    data = {"email": email.strip()[:254], "address": address, "seconds": seconds}
    audit_record(actor=None, verb="login.refused", target=_login_user(email), data=data)


def login_success_record(*, user: User, email: str, address: str) -> None:
    """A sign-in: the pair's failures are forgotten, and it is audited."""
    cache.delete(_pair_key(email=email, address=address))
    audit_record(actor=user, verb="login.succeeded", target=user, data={"address": address})
