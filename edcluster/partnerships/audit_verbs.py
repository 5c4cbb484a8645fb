"""What the partnerships app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "partner.created": pgettext_lazy("audit log", "partner added"),
        "partner.updated": pgettext_lazy("audit log", "partner's identity edited"),
        "partner.unit_added": pgettext_lazy("audit log", "partner's unit added"),
        "partner.contact_added": pgettext_lazy("audit log", "partner's contact added"),
        "partner.contact_removed": pgettext_lazy("audit log", "partner's contact removed"),
        "agreement.created": pgettext_lazy("audit log", "agreement drafted"),
        "agreement.updated": pgettext_lazy("audit log", "agreement edited"),
        "agreement.condition_added": pgettext_lazy("audit log", "cooperation condition added"),
        "agreement.condition_changed": pgettext_lazy("audit log", "cooperation condition edited"),
        "agreement.condition_removed": pgettext_lazy("audit log", "cooperation condition removed"),
        "agreement.signed": pgettext_lazy("audit log", "agreement signed"),
        "agreement.signature_recorded": pgettext_lazy(
            "audit log", "partner's signature recorded on its behalf"
        ),
        "agreement.amended": pgettext_lazy("audit log", "agreement amended (new version)"),
        "agreement.iia_imported": pgettext_lazy(
            "audit log", "partner's IIA imported as a proposed version"
        ),
        "agreement.terminated": pgettext_lazy("audit log", "agreement terminated"),
        "agreement.expired": pgettext_lazy("audit log", "agreement expired"),
        "agreement.quota_used": pgettext_lazy("audit log", "mobility quota use recorded"),
    }
)
