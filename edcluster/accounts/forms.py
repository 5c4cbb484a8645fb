from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.models import User
from edcluster.accounts.services import (
    login_failure_record,
    login_refusal_record,
    login_success_record,
    login_wait_seconds,
)
from edcluster.core.ratelimit import client_address


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in with e-mail and password; an (account, address) pair that keeps failing waits
    longer after each failure (`accounts.services.login_wait_seconds`)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts. Wait %(seconds)d seconds and try again, "
            "or reset your password."
        ),
    }

    def clean_username(self) -> str:
        """The address as stored when it differs only in letter case (a person types
        "An.Nguyen@Example.org" for the account registered as "an.nguyen@example.org"); an
        address two accounts share but for case stays as typed."""
        email = self.cleaned_data["username"].strip()
        if not User.objects.filter(email=email).exists():
            stored = list(
                User.objects.filter(email__iexact=email).values_list("email", flat=True)[:2]
            )
            if len(stored) == 1:
                return stored[0]
        return email

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        seconds = login_wait_seconds(email=email, address=address)
        if seconds:
            login_refusal_record(email=email, address=address, seconds=seconds)
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled", params={"seconds": seconds}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(email=email, address=address)
            raise
        login_success_record(user=self.get_user(), email=email, address=address)
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
