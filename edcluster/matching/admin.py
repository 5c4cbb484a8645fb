from django.contrib import admin

from edcluster.core.admin import OperatorModelAdmin
from edcluster.matching.models import Offer, ProductDemand, ProductLinking, ProductSkill, Proposal


@admin.register(ProductSkill)
class ProductSkillAdmin(OperatorModelAdmin):
    list_display = ["product", "skill", "origin", "decision", "score"]
    list_filter = ["origin", "decision"]
    search_fields = ["product__title_ru", "product__title_en", "skill__label", "skill__uri"]
    raw_id_fields = ["product", "skill", "outcome", "decided_by"]
    readonly_fields = ["decided_at"]


@admin.register(ProductLinking)
class ProductLinkingAdmin(OperatorModelAdmin):
    list_display = ["product", "outcomes_key", "linked_at"]
    raw_id_fields = ["product"]
    readonly_fields = ["linked_at"]


@admin.register(Proposal)
class ProposalAdmin(OperatorModelAdmin):
    list_display = ["__str__", "status", "region", "start", "end", "created_at"]
    list_filter = ["status"]
    search_fields = ["title_ru", "title_en", "group"]
    raw_id_fields = ["created_by", "product", "skills"]
    readonly_fields = ["created_at", "decided_at"]


@admin.register(Offer)
class OfferAdmin(OperatorModelAdmin):
    list_display = ["request", "product", "organization", "status", "score", "updated_at"]
    list_filter = ["status"]
    search_fields = ["request__title", "product__title_ru", "product__title_en"]
    raw_id_fields = [
        "request",
        "product",
        "organization",
        "offering",
        "asked_by",
        "answered_by",
        "decided_by",
    ]
    readonly_fields = ["asked_at", "answered_at", "decided_at"]


@admin.register(ProductDemand)
class ProductDemandAdmin(OperatorModelAdmin):
    list_display = ["product", "region", "postings", "start", "end", "computed_at"]
    search_fields = ["region"]
    raw_id_fields = ["product"]
    readonly_fields = ["computed_at"]
