"""What the quality app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "quality.criteria_set_created": pgettext_lazy("audit log", "new scoresheet version"),
        "quality.assigned": pgettext_lazy("audit log", "expert assigned to review a product"),
        "quality.review_submitted": pgettext_lazy("audit log", "expert review submitted"),
        "quality.links_created": pgettext_lazy("audit log", "feedback links made"),
        "quality.employer_feedback": pgettext_lazy("audit log", "employer's feedback given"),
        "quality.order_feedback": pgettext_lazy("audit log", "buyer's feedback on an order given"),
    }
)
