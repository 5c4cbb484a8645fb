"""What matching's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        # offer.<status>, written when an offer moves to it
        "offer.asked": pgettext_lazy("audit log", "offer asked for"),
        "offer.offered": pgettext_lazy("audit log", "offer made"),
        "offer.declined": pgettext_lazy("audit log", "offer declined by the owner"),
        "offer.accepted": pgettext_lazy("audit log", "offer accepted by the employer"),
        "offer.not_taken": pgettext_lazy("audit log", "offer not taken by the employer"),
        "proposal.drafted": pgettext_lazy("audit log", "product proposal drafted"),
        "proposal.accepted": pgettext_lazy("audit log", "product proposal accepted"),
        "proposal.declined": pgettext_lazy("audit log", "product proposal declined"),
    }
)
