"""The taxonomy in the operators' admin, read-only: ESCO's rows change by `skills_load`, the
aliases by the curation pages (which audit and refresh the Russian labels)."""

from django.contrib import admin

from edcluster.core.admin import ReadOnlyOperatorAdmin
from edcluster.skills.models import (
    Broader,
    Occupation,
    OccupationSkill,
    Skill,
    SkillAlias,
    SkillGroup,
    Taxonomy,
)

CONCEPT_SEARCH = ["label", "label_ru", "uri"]


@admin.register(Taxonomy)
class TaxonomyAdmin(ReadOnlyOperatorAdmin):
    list_display = ["name", "version", "loaded_at"]


@admin.register(Skill)
class SkillAdmin(ReadOnlyOperatorAdmin):
    list_display = ["label", "label_ru", "kind", "reuse_level", "obsolete"]
    list_filter = ["kind", "reuse_level", "obsolete"]
    search_fields = CONCEPT_SEARCH


@admin.register(SkillGroup)
class SkillGroupAdmin(ReadOnlyOperatorAdmin):
    list_display = ["code", "label", "label_ru", "obsolete"]
    list_filter = ["obsolete"]
    search_fields = [*CONCEPT_SEARCH, "code"]


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyOperatorAdmin):
    list_display = ["label", "label_ru", "isco_code", "obsolete"]
    list_filter = ["obsolete"]
    search_fields = [*CONCEPT_SEARCH, "isco_code", "code"]


@admin.register(OccupationSkill)
class OccupationSkillAdmin(ReadOnlyOperatorAdmin):
    list_display = ["occupation", "skill", "relation"]
    list_filter = ["relation"]
    list_select_related = ["occupation", "skill"]
    search_fields = ["occupation__label", "skill__label"]


@admin.register(Broader)
class BroaderAdmin(ReadOnlyOperatorAdmin):
    list_display = ["uri", "broader_uri"]
    search_fields = ["uri", "broader_uri"]


@admin.register(SkillAlias)
class SkillAliasAdmin(ReadOnlyOperatorAdmin):
    list_display = ["text", "language", "source", "uri", "author", "updated_at"]
    list_filter = ["language", "source"]
    list_select_related = ["author"]
    search_fields = ["text", "uri"]
