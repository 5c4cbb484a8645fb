"""What the members registry's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "organization.applied": pgettext_lazy("audit log", "organization applied to join"),
        "organization.updated": pgettext_lazy("audit log", "organization's profile edited"),
        # organization.<membership status>, written when a member moves to it
        "organization.admitted": pgettext_lazy("audit log", "organization admitted"),
        "organization.declined": pgettext_lazy("audit log", "organization's application declined"),
        "organization.suspended": pgettext_lazy("audit log", "organization suspended"),
        "organization.left": pgettext_lazy("audit log", "organization left the cluster"),
    }
)
