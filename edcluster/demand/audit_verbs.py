"""What the demand app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "demand_request.created": pgettext_lazy("audit log", "workforce request created"),
        "demand_request.updated": pgettext_lazy("audit log", "workforce request edited"),
        "demand_request.status": pgettext_lazy("audit log", "workforce request's status changed"),
    }
)
