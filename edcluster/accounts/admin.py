from django.contrib import admin
from django.contrib.auth.models import Group

from edcluster.accounts.models import ApiToken, Membership, User
from edcluster.core.admin import OperatorModelAdmin

# Roles are memberships and global flags, not permission groups.
admin.site.unregister(Group)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(OperatorModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_operator", "is_expert", "is_active"]
    list_filter = ["is_operator", "is_expert", "is_applicant", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_operator",
        "is_expert",
        "is_applicant",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]


@admin.register(ApiToken)
class ApiTokenAdmin(OperatorModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "token_hash", "last_used_at"]

    def has_add_permission(self, request) -> bool:  # only their owners create tokens
        return False
