"""Agreements in the operators' admin, read-only: they change through their pages and API
(versioned, signed, audited)."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
    QuotaUse,
    Signature,
)


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    fields = readonly_fields = ("organization", "unit", "position")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyOperatorAdmin):
    list_display = ["code", "kind", "owner", "status", "valid_from", "valid_until"]
    list_select_related = ["owner"]
    list_filter = ["status", "kind"]
    search_fields = ["code", "title_en", "title_ru", "uuid"]
    inlines = [PartyInline]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "created_at", "approved_at"]


@admin.register(CooperationCondition)
class CooperationConditionAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "version", "first_year", "last_year", "mobilities_per_year"]
    list_filter = ["type"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "version", "on_behalf", "recorded_at"]


@admin.register(QuotaUse)
class QuotaUseAdmin(ReadOnlyOperatorAdmin):
    list_display = ["condition", "academic_year", "used"]
