"""What the sales app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "sales.order_created": pgettext_lazy("audit log", "order created"),
        "sales.training_ordered": pgettext_lazy(
            "audit log", "training ordered from a product's page"
        ),
        "sales.order_updated": pgettext_lazy("audit log", "order edited"),
        "sales.sellers_set": pgettext_lazy("audit log", "order's sellers set"),
        "sales.line_added": pgettext_lazy("audit log", "order line added"),
        "sales.line_changed": pgettext_lazy("audit log", "order line edited"),
        "sales.line_removed": pgettext_lazy("audit log", "order line removed"),
        "sales.order_moved": pgettext_lazy("audit log", "order's status changed"),
        "sales.payment_added": pgettext_lazy("audit log", "payment recorded"),
        "sales.payment_removed": pgettext_lazy("audit log", "payment removed"),
        "sales.licence_created": pgettext_lazy("audit log", "licence recorded"),
        "sales.licence_activated": pgettext_lazy("audit log", "licence put in force"),
        "sales.licence_updated": pgettext_lazy("audit log", "licence edited"),
        "sales.licence_ended": pgettext_lazy("audit log", "licence ended or cancelled"),
        "sales.year_published": pgettext_lazy("audit log", "a year's sales figures published"),
        "sales.year_unpublished": pgettext_lazy(
            "audit log", "a year's sales figures taken off the public page"
        ),
        "sales.document_added": pgettext_lazy("audit log", "document attached to an order"),
        "sales.document_removed": pgettext_lazy("audit log", "document removed from an order"),
        "sales.rates_imported": pgettext_lazy("audit log", "exchange rates imported"),
    }
)
