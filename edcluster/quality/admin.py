"""Quality in the operators' admin, read-only: reviews never change once submitted, answers
are anonymous, and everything changes through the services (which check and audit)."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.quality.models import (
    CriteriaSet,
    Criterion,
    EmployerFeedback,
    QualityIndex,
    Review,
    ReviewAssignment,
    ReviewScore,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = readonly_fields = ("code", "weight", "descriptors_ru", "descriptors_en")


class ScoreInline(ReadOnlyInline):
    model = ReviewScore
    fields = readonly_fields = ("criterion", "score", "comment")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyOperatorAdmin):
    list_display = ["version", "created_at", "created_by"]
    inlines = [CriterionInline]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyOperatorAdmin):
    list_display = ["product", "expert", "cycle", "due_on", "status", "is_third"]
    list_filter = ["status", "cycle", "is_third"]
    list_select_related = ["product", "expert"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyOperatorAdmin):
    list_display = ["assignment", "recommendation", "weighted_score", "submitted_at"]
    list_filter = ["recommendation"]
    list_select_related = ["assignment__product", "assignment__expert"]
    inlines = [ScoreInline]


@admin.register(EmployerFeedback)
class EmployerFeedbackAdmin(ReadOnlyOperatorAdmin):
    list_display = ["product", "rating", "cycle", "created_at"]
    list_select_related = ["product"]


@admin.register(QualityIndex)
class QualityIndexAdmin(ReadOnlyOperatorAdmin):
    list_display = ["product", "cycle", "value", "expert", "learner", "employer", "computed_at"]
    list_filter = ["cycle"]
    list_select_related = ["product"]
