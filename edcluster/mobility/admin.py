"""Mobility in the operators' admin. The rules kept as data (deadline rules, the work
calendar, the documents asked) are edited here; cases are read-only (they move through their
pages and API, whose services check each move and write the audit log), and the admin never
shows a passport number or a file."""

from django.contrib import admin

from edcluster.core.admin import OperatorModelAdmin
from edcluster.mobility.models import (
    Application,
    CalendarDay,
    DeadlineRule,
    DocumentRequirement,
    Intake,
    StageChange,
    WorkCalendar,
)


@admin.register(Intake)
class IntakeAdmin(OperatorModelAdmin):
    list_display = ("__str__", "host", "deadline", "places", "scholarship_places", "is_open")
    list_filter = ("is_open",)
    raw_id_fields = ("offering", "host")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(OperatorModelAdmin):
    list_display = ("code", "event", "anchor", "offset", "unit", "citizenships", "checked_on")


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(OperatorModelAdmin):
    list_display = ("year", "checked_on")
    inlines = [CalendarDayInline]


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
