"""Mobility documents encrypted at rest (issue 20): Fernet (AES-128-CBC with HMAC-SHA256) under
the keys of `MOBILITY_FILES_KEYS`, the first encrypting and every one decrypting (rotation:
put the new key first, run `manage.py mobility_encrypt_files`, then drop the old one). With no
key set and DEBUG on (development, tests) a key is derived from SECRET_KEY with HKDF; with
DEBUG off the system check `mobility.E001` refuses to start without a key.

A stored file starts with `HEADER` when encrypted; a file stored before encryption (plaintext,
e.g. an older demo) has none and is served as it is until the command encrypts it."""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEADER = b"edcluster-fernet:"


def key_from_secret(secret: str) -> bytes:
    """A Fernet key derived from SECRET_KEY (development and tests only)."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"edcluster mobility files"
    ).derive(secret.encode())
    return base64.urlsafe_b64encode(derived)


def configured_keys() -> list[bytes]:
    """The keys in force: the configured ones, else (DEBUG on) the derived one, else none."""
    keys = [key.encode() for key in getattr(settings, "MOBILITY_FILES_KEYS", [])]
    if not keys and getattr(settings, "MOBILITY_FILES_KEY_FROM_SECRET", False):
        keys = [key_from_secret(settings.SECRET_KEY)]
    return keys


@cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    keys = configured_keys()
    if not keys:
        raise ImproperlyConfigured("MOBILITY_FILES_KEY must be set when DEBUG is off.")
    return _fernet(tuple(keys))


def is_encrypted(stored: bytes) -> bool:
    return stored.startswith(HEADER)


def encrypt(content: bytes) -> bytes:
    """The bytes to store for a file's plaintext."""
    return HEADER + fernet().encrypt(content)


def decrypt(stored: bytes) -> bytes:
    """A stored file's plaintext (a file stored before encryption comes back as it is)."""
    if not is_encrypted(stored):
        return stored
    try:
        return fernet().decrypt(stored[len(HEADER) :])
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A mobility file does not decrypt with any key of MOBILITY_FILES_KEY."
        ) from error


def reencrypt(stored: bytes) -> bytes:
    """The stored bytes under the first key: plaintext encrypted, an older key's file rotated."""
    if not is_encrypted(stored):
        return encrypt(stored)
    return HEADER + fernet().rotate(stored[len(HEADER) :])
