"""Mobility in the operators' admin. The rules kept as data (deadline rules, the work
calendar, the documents asked) are edited here; cases are read-only (they move through their
pages and API, whose services check each move and write the audit log), and the admin never
shows a passport number or a file."""

from django.contrib import admin
from django.utils import timezone

from edcluster.core.admin import OperatorModelAdmin
from edcluster.mobility.models import (
    Application,
    Buddy,
    CalendarDay,
    DeadlineRule,
    DocumentRequirement,
    Dormitory,
    Intake,
    StageChange,
    WorkCalendar,
)
from edcluster.mobility.services.board import next_deadlines_store_all


@admin.register(Intake)
class IntakeAdmin(OperatorModelAdmin):
    list_display = ("__str__", "host", "deadline", "places", "scholarship_places", "is_open")
    list_filter = ("is_open",)
    raw_id_fields = ("offering", "host")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(OperatorModelAdmin):
    list_display = ("code", "event", "anchor", "offset", "unit", "citizenships", "checked_on")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        next_deadlines_store_all(today=timezone.localdate())  # every case counted anew

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        next_deadlines_store_all(today=timezone.localdate())


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(OperatorModelAdmin):
    list_display = ("year", "checked_on")
    inlines = [CalendarDayInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        next_deadlines_store_all(today=timezone.localdate())  # working days counted anew


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(OperatorModelAdmin):
    list_display = ("kind", "category", "citizenship", "is_health")


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = readonly_fields = ("from_stage", "to_stage", "at", "actor", "reason")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Application)
class ApplicationAdmin(OperatorModelAdmin):
    list_display = ("pk", "host", "category", "citizenship", "stage", "stage_since")
    list_filter = ("stage", "category")
    fields = readonly_fields = (
        "intake",
        "host",
        "category",
        "citizenship",
        "planned_arrival",
        "planned_departure",
        "stage",
        "stage_since",
        "decision",
        "decision_reasons",
    )
    inlines = [StageChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Dormitory)
class DormitoryAdmin(OperatorModelAdmin):
    list_display = ("name", "host", "address", "capacity")
    search_fields = ("name", "address")
    raw_id_fields = ("host",)


@admin.register(Buddy)
class BuddyAdmin(OperatorModelAdmin):
    list_display = ("__str__", "host", "languages", "is_active")
    list_filter = ("is_active",)
    raw_id_fields = ("host", "user")
