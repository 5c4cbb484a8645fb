from django.contrib import admin

from edcluster.catalog.models import (
    LearningOutcome,
    Market,
    Offering,
    Product,
    ProductOwner,
    ProductRevision,
    StageChange,
)
from edcluster.core.admin import OperatorModelAdmin


class OperatorInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class OwnerInline(OperatorInline):
    model = ProductOwner
    autocomplete_fields = ["organization"]


class OutcomeInline(OperatorInline):
    model = LearningOutcome


class OfferingInline(OperatorInline):
    model = Offering


class MarketInline(OperatorInline):
    model = Market


class StageChangeInline(OperatorInline):
    model = StageChange
    readonly_fields = ["from_stage", "to_stage", "on", "note", "actor"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # stages are recorded by the lifecycle service


@admin.register(Product)
class ProductAdmin(OperatorModelAdmin):
    list_display = ["__str__", "kind", "status", "stage", "updated_at"]
    list_filter = ["status", "stage", "kind", "mode"]
    search_fields = ["title_ru", "title_en", "slug", "external_id"]
    readonly_fields = ["status", "stage", "published_at"]
    filter_horizontal = ["priority_areas"]
    inlines = [OwnerInline, OutcomeInline, OfferingInline, MarketInline, StageChangeInline]


@admin.register(ProductRevision)
class ProductRevisionAdmin(OperatorModelAdmin):
    """Read only: operators decide on the product's page or through the API, where the
    decision is applied, audited and mailed."""

    list_display = ["__str__", "status", "author", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["product__title_ru", "product__title_en", "product__slug"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
