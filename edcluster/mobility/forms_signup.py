"""The would-be applicant's sign-up form (the service `applicant_sign_up` writes)."""

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.models import User
from edcluster.accounts.services import safe_next_path
from edcluster.mobility.services.signup import LATIN_NAME, LATIN_NAME_MESSAGE


def _password_rules() -> str:
    # The validators' rules; an entry that is a hook on a changed password (not a rule) is left
    # out, it says nothing to someone choosing their first password.
    rules = [
        validator.get_help_text()
        for validator in get_default_password_validators()
        if not hasattr(validator, "password_changed")
    ]
    items = format_html_join("", "<li>{}</li>", ((rule,) for rule in rules))
    return format_html("<ul>{}</ul>", items) if rules else ""


latin = RegexValidator(LATIN_NAME, LATIN_NAME_MESSAGE)


class SignUpForm(SetPasswordMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        validators=[latin],
        help_text=_("In Latin letters, as in your passport."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        validators=[latin],
        help_text=_("In Latin letters, as in your passport."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=capfirst(User._meta.get_field("email").verbose_name),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password, password2 = SetPasswordMixin.create_password_fields()
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = lazy(_password_rules, str)()

    def clean_next(self) -> str:
        """Where to go after signing in: a path on this site, anything else dropped."""
        return safe_next_path(self.cleaned_data.get("next", ""))

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        self.validate_passwords("password", "password2")
        user = User(
            email=cleaned.get("email") or "",
            first_name=cleaned.get("first_name") or "",
            last_name=cleaned.get("last_name") or "",
        )
        self.validate_password_for_user(user, "password")
        return cleaned
