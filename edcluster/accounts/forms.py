from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.services import (
    login_failure_record,
    login_is_throttled,
    login_success_record,
)


def client_address(request) -> str:
    # REMOTE_ADDR only: a forwarded header is whatever the client says unless a trusted proxy
    # rewrites it, and the proxy's own address is still a fair throttling key.
    return request.META.get("REMOTE_ADDR", "") if request else ""


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in with e-mail and password that pauses after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts. Wait a few minutes and try again."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if login_is_throttled(email=email, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(email=email, address=address)
            raise
        login_success_record(email=email, address=address)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What it is for, e.g. “1C integration”."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))],
        coerce=int,
        initial=90,
        required=False,
        empty_value=None,
    )
