"""What the accounts' audit verbs mean, for the audit log (see core.audit)."""

from django.utils.translation import pgettext_lazy

from edcluster.core.audit import audit_verbs_register

audit_verbs_register(
    {
        "api_token.created": pgettext_lazy("audit log", "API token created"),
        "api_token.revoked": pgettext_lazy("audit log", "API token revoked"),
        "api_token.revoked_all": pgettext_lazy(
            "audit log", "every API token revoked (new password)"
        ),
        "membership.added": pgettext_lazy("audit log", "person added to an organization"),
        "membership.changed": pgettext_lazy("audit log", "person's role changed"),
        "membership.removed": pgettext_lazy("audit log", "person removed from an organization"),
        "user.registered": pgettext_lazy(
            "audit log", "account registered, e-mail not yet confirmed"
        ),
        "user.confirmed": pgettext_lazy("audit log", "e-mail address confirmed"),
        "login.succeeded": pgettext_lazy("audit log", "signed in"),
        "login.failed": pgettext_lazy("audit log", "sign-in failed"),
        "login.locked": pgettext_lazy("audit log", "sign-in paused after repeated failures"),
        "login.refused": pgettext_lazy("audit log", "sign-in refused during a pause"),
    }
)
