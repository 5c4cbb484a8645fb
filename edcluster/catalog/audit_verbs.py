"""What the catalog's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "catalog.import_queued": pgettext_lazy("audit log", "catalog import queued"),
        "catalog.imported": pgettext_lazy("audit log", "catalog import finished"),
        "offering.saved": pgettext_lazy("audit log", "product run saved"),
        "offering.cancelled": pgettext_lazy("audit log", "product run cancelled"),
        "enquiry.received": pgettext_lazy("audit log", "enquiry about a product received"),
        "enquiry.answered": pgettext_lazy("audit log", "enquiry about a product answered"),
        "catalog.import_resumed": pgettext_lazy("audit log", "interrupted catalog import resumed"),
        "product.created": pgettext_lazy("audit log", "product created"),
        "product.updated": pgettext_lazy("audit log", "product edited"),
        "product.stage": pgettext_lazy("audit log", "product's lifecycle stage changed"),
        "product.owner_added": pgettext_lazy("audit log", "co-owner added to a product"),
        "product.owner_removed": pgettext_lazy("audit log", "co-owner removed from a product"),
        "product.market_added": pgettext_lazy("audit log", "market of a product recorded"),
        # product.<editorial status>, written when a product moves to it
        "product.draft": pgettext_lazy("audit log", "product returned to draft"),
        "product.in_review": pgettext_lazy("audit log", "product sent for review"),
        "product.published": pgettext_lazy("audit log", "product published"),
        "product.archived": pgettext_lazy("audit log", "product archived"),
        "product.revision_proposed": pgettext_lazy(
            "audit log", "changes to a published product sent for review"
        ),
        "product.revision_approved": pgettext_lazy(
            "audit log", "changes to a published product approved"
        ),
        "product.revision_returned": pgettext_lazy(
            "audit log", "changes to a published product returned"
        ),
        "product.skill_added": pgettext_lazy("audit log", "skill added to a product"),
        "product.skill_decided": pgettext_lazy(
            "audit log", "product's suggested skill confirmed or removed"
        ),
    }
)
