"""Projects in the operators' admin, read-only: they change through their pages and API, whose
services check the rules (one lead, milestones within the dates) and write the audit log."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    JointProgramme,
    Laboratory,
    Milestone,
    Participant,
    Project,
    StatusChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    has_change_permission = has_delete_permission = has_add_permission


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = readonly_fields = ("organization", "role", "tasks_ru", "tasks_en")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = readonly_fields = ("title_ru", "title_en", "due_on", "done_on")


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = readonly_fields = ("from_status", "to_status", "on", "reason", "actor", "at")


@admin.register(Project)
class ProjectAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "kind", "status", "starts_on", "ends_on", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["title_ru", "title_en"]
    inlines = [ParticipantInline, MilestoneInline, StatusChangeInline]


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "kind", "milestone", "participant", "target_stage", "done_on"]
    list_filter = ["kind"]
    list_select_related = ["milestone", "participant__organization", "product"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyOperatorAdmin):
    list_display = ["project", "participant", "year", "category", "source", "planned", "spent"]
    list_filter = ["source", "category", "currency"]
    list_select_related = ["project", "participant__organization"]


@admin.register(JointProgramme)
class JointProgrammeAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "scheme", "intake_per_year"]
    list_filter = ["scheme"]


@admin.register(Laboratory)
class LaboratoryAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "host", "country", "city", "opened_on"]
    list_filter = ["country"]
