"""Demand in the operators' admin, read-only: postings change by ingestion and extraction (which
keep the analytics rollups equal to the facts), requests by their pages and API (audited)."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.demand.models import DemandRequest, IngestRun, JobPosting, RequestSkill


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyOperatorAdmin):
    list_display = ["__str__", "source", "status", "created_at"]
    list_filter = ["status", "source"]


@admin.register(JobPosting)
class JobPostingAdmin(ReadOnlyOperatorAdmin):
    list_display = ["title", "employer", "region", "source", "posted_at", "extracted_at"]
    list_filter = ["source", "region"]
    search_fields = ["title", "employer", "external_id"]
    show_full_result_count = False  # counting millions of postings on each page is slow


class RequestSkillInline(admin.TabularInline):
    model = RequestSkill
    extra = 0
    fields = ["skill", "importance", "origin", "score", "evidence"]
    readonly_fields = ["skill", "importance", "origin", "score", "evidence"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_operator

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(DemandRequest)
class DemandRequestAdmin(ReadOnlyOperatorAdmin):
    list_display = ["title", "organization", "status", "headcount", "needed_by", "created_at"]
    list_filter = ["status", "outcome"]
    list_select_related = ["organization"]
    search_fields = ["title", "description", "organization__name_ru", "organization__name_en"]
    inlines = [RequestSkillInline]
