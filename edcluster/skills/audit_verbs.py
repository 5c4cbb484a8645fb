"""What the skills app's audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "skills.alias_added": pgettext_lazy("audit log", "skill name added"),
        "skills.alias_changed": pgettext_lazy("audit log", "skill name changed"),
        "skills.alias_removed": pgettext_lazy("audit log", "skill name removed"),
    }
)
