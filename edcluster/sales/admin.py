"""Sales in the operators' admin, read-only: orders change through their pages and API, whose
services move the rollups and write the audit log."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.sales.models import (
    ExchangeRate,
    Licence,
    Line,
    Order,
    Payment,
    ProductRollup,
    PublishedYear,
    QuarterRollup,
    Seller,
    StatusChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    has_change_permission = has_delete_permission = has_add_permission


class SellerInline(ReadOnlyInline):
    model = Seller
    fields = readonly_fields = ("organization", "share")


class LineInline(ReadOnlyInline):
    model = Line
    fields = readonly_fields = (
        "product",
        "offering",
        "quantity",
        "unit",
        "unit_price",
        "currency",
        "flow",
    )


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = readonly_fields = ("paid_on", "amount", "currency")


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = readonly_fields = ("from_status", "to_status", "on", "actor")


@admin.register(Order)
class OrderAdmin(ReadOnlyOperatorAdmin):
    list_display = ("number", "buyer_name", "buyer_country", "status", "signed_on")
    list_filter = ("status", "buyer_kind")
    search_fields = ("number", "buyer_name")
    inlines = [SellerInline, LineInline, PaymentInline, StatusChangeInline]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyOperatorAdmin):
    list_display = ("on", "currency", "roubles", "source")
    list_filter = ("currency",)
    date_hierarchy = "on"


@admin.register(QuarterRollup)
class QuarterRollupAdmin(ReadOnlyOperatorAdmin):
    list_display = ("year", "quarter", "flow", "member", "contracted", "received")
    list_filter = ("flow", "year")


@admin.register(ProductRollup)
class ProductRollupAdmin(ReadOnlyOperatorAdmin):
    list_display = ("year", "product", "member", "contracted", "received")
    list_filter = ("year",)


@admin.register(Licence)
class LicenceAdmin(ReadOnlyOperatorAdmin):
    list_display = ("product", "licensee_name", "starts_on", "ends_on", "status")
    list_filter = ("status",)


@admin.register(PublishedYear)
class PublishedYearAdmin(ReadOnlyOperatorAdmin):
    list_display = ("year", "published_at", "published_by")
