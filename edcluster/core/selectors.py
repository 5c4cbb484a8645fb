from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from edcluster.core.models import AuditEntry


def is_operator(*, user) -> bool:
    """Whether the user (perhaps anonymous) is a Management Company operator."""
    return bool(user.is_authenticated and user.is_operator)


def require_operator(*, user) -> None:
    """Raise PermissionDenied unless the user is a Management Company operator."""
    if not is_operator(user=user):
        raise PermissionDenied


def audit_list(*, viewer, query: str = "", verb: str = "") -> QuerySet[AuditEntry]:
    """The audit log, newest first; operators only."""
    require_operator(user=viewer)
    entries = AuditEntry.objects.select_related("actor", "target_type")
    if query:
        entries = entries.filter(
            Q(target_repr__icontains=query)
            | Q(actor__email__icontains=query)
            | Q(verb__icontains=query)
        )
    if verb:
        entries = entries.filter(verb=verb)
    return entries
