from django.contrib import admin
from django.http import HttpRequest

from edcluster.core.models import AuditEntry


class OperatorModelAdmin(admin.ModelAdmin):
    """Operators may manage every registered model; nobody else reaches the admin."""

    def _is_operator(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and getattr(request.user, "is_operator", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_operator(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_operator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_operator(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_operator(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_operator(request)


@admin.register(AuditEntry)
class AuditEntryAdmin(OperatorModelAdmin):
    list_display = ["at", "actor", "verb", "target_repr"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "verb", "actor__email"]

    # The audit log is append-only, even for operators.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyOperatorAdmin(OperatorModelAdmin):
    """Operators look; the rows change only through their app's services (which check, audit
    and keep derived tables right), never by hand here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
