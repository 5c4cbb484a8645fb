from django.contrib import admin

from edcluster.core.admin import OperatorModelAdmin
from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    OrganizationContact,
    OrganizationUnit,
    PriorityArea,
    StatusChange,
)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason", "actor", "at"]
    can_delete = False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # status changes go through the decision form, which keeps the reason


class UnitInline(admin.TabularInline):
    model = OrganizationUnit
    extra = 0
    fields = ["unit_id", "code", "name_ru", "name_en"]


class ContactInline(admin.TabularInline):
    model = OrganizationContact
    extra = 0
    fields = ["role", "name", "email", "phone", "unit"]


@admin.register(Organization)
class OrganizationAdmin(OperatorModelAdmin):
    list_display = ["__str__", "kind", "status", "country", "city", "is_key_company", "is_demo"]
    list_filter = ["kind", "status", "is_key_company", "is_sme", "is_demo"]
    search_fields = ["name_ru", "name_en", "short_name", "short_name_en", "internet_domain"]
    readonly_fields = ["status"]
    filter_horizontal = ["priority_areas", "fields_of_education"]
    inlines = [StatusChangeInline, UnitInline, ContactInline]


@admin.register(PriorityArea)
class PriorityAreaAdmin(OperatorModelAdmin):
    list_display = ["list", "code", "name_ru", "name_en"]
    list_filter = ["list"]


@admin.register(FieldOfEducation)
class FieldOfEducationAdmin(OperatorModelAdmin):
    list_display = ["code", "level", "name_en", "name_ru"]
    list_filter = ["level"]
    search_fields = ["code", "name_en", "name_ru"]
