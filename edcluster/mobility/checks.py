"""System checks: mobility files need their encryption key in production (DEBUG off), and
every configured key must be a Fernet key."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register("mobility")
def files_key_check(app_configs=None, **kwargs) -> list[Error]:
    keys = getattr(settings, "MOBILITY_FILES_KEYS", [])
    if not keys and not getattr(settings, "MOBILITY_FILES_KEY_FROM_SECRET", False):
        return [
            Error(
                "MOBILITY_FILES_KEY is not set: mobility documents cannot be encrypted.",
                hint="Set MOBILITY_FILES_KEY to a key from "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'` (docs/mobility.md).",
                id="mobility.E001",
            )
        ]
    errors = []
    for position, key in enumerate(keys, 1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(
                    f"Key {position} of MOBILITY_FILES_KEY is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    id="mobility.E002",
                )
            )
    return errors
