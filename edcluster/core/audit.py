"""What an audit entry's verb means, in the reader's language.

Services write verbs as stable codes ("product.published"); people read the log. Each app says
what its verbs mean in its own `audit_verbs.py`, which calls `audit_verbs_register` when
imported; this module imports those modules (as the admin finds `admin.py`) the first time a
label is asked for, so core names no domain app. A verb nobody registered is shown as its code,
and a test lists every verb the code writes that has no label.
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

_labels: dict[str, str | Promise] = {}
_discovered = False


def audit_verbs_register(labels: Mapping[str, str | Promise]) -> None:
    """Name verbs for people; a verb registered twice keeps the later name."""
    _labels.update(labels)


def audit_verb_labels() -> dict[str, str | Promise]:
    """Every registered verb and its (lazy, translated) name."""
    global _discovered
    if not _discovered:
        autodiscover_modules("audit_verbs")
        _discovered = True
    return dict(_labels)


def audit_verb_label(verb: str) -> str:
    """The verb's name in the active language, or the verb itself when it has none."""
    return str(audit_verb_labels().get(verb, verb))
