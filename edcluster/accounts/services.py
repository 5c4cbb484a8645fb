import hashlib
import secrets
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import ApiToken, Membership, User
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


def _throttle_keys(*, email: str, address: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:account:{digest}", f"login-fail:address:{address}"


def login_is_throttled(*, email: str, address: str) -> bool:
    """True when this account or address failed too often within the window."""
    account_key, address_key = _throttle_keys(email=email, address=address)
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    # An address is allowed more failures than one account: several people may share it.
    return (cache.get(account_key, 0) >= limit) or (cache.get(address_key, 0) >= limit * 4)


def login_failure_record(*, email: str, address: str) -> None:
    """Count one failed login against the account and the address."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key in _throttle_keys(email=email, address=address):
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window)


def login_success_record(*, email: str, address: str) -> None:
    """A successful login clears the account's failures (not the address's)."""
    account_key, _address_key = _throttle_keys(email=email, address=address)
    cache.delete(account_key)
