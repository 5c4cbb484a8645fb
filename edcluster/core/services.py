from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import slugify

from edcluster.core.models import AuditEntry


def audit_record(
    *, actor: Any, verb: str, target: models.Model | None = None, data: dict | None = None
) -> AuditEntry:
    """Write one audit entry; call it inside the service's transaction."""
    return AuditEntry.objects.create(**_audit_fields(actor, verb, target), data=data or {})


def audit_records(
    *, actor: Any, verb: str, target: models.Model | None = None, data: Sequence[dict]
) -> list[AuditEntry]:
    """Write an audit entry of the same verb and target for each of `data` (each line of an
    order added at once), in one statement; call it inside the service's transaction."""
    fields = _audit_fields(actor, verb, target)
    return AuditEntry.objects.bulk_create(AuditEntry(**fields, data=each) for each in data)


def _audit_fields(actor: Any, verb: str, target: models.Model | None) -> dict[str, Any]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "actor": user,
        "verb": verb,
        "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
        "target_id": str(target.pk) if target is not None else "",
        "target_repr": str(target)[:300] if target is not None else "",
    }


# Russian letters in Latin for addresses (the passport transliteration of ICAO Doc 9303).
TRANSLITERATION = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "ie",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
    }
)


def slug_of(text: str) -> str:
    """A Latin slug for a title in either language."""
    return slugify(text.lower().translate(TRANSLITERATION))


def unique_slug(
    *,
    model: type[models.Model],
    base: str,
    fallback: str,
    length: int,
    reserved: frozenset = frozenset(),
) -> str:
    """A slug for a new record of the model, numbered when taken or reserved for a page."""
    root = (slug_of(base) or fallback)[:length].strip("-")
    if root in reserved:
        root = f"{root}-{fallback}"
    slug, number = root, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{root}-{number}", number + 1
    return slug
