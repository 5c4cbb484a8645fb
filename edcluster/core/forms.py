from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from edcluster.core.concurrency import EditConflict

# Django 6.1's label of a select's empty choice, which its Russian catalogue does not translate
# yet: named here so that makemessages puts it in ours (LOCALE_PATHS come first).
gettext_noop("- Select an option -")


def month_field(label) -> forms.DateField:
    """An optional month (YYYY-MM), the browser's month picker."""
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


def version_field() -> forms.IntegerField:
    """The version of the record a form edits, sent back hidden (core.concurrency); a post
    without it is not checked, like an API call without If-Match."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one. After a
    stale save (EditConflict) the form keeps what was typed and now carries the record's
    current version, so that saving again is a deliberate choice."""
    if isinstance(error, EditConflict) and "version" in form.fields:
        data = QueryDict(mutable=True)
        data.update(form.data)  # type: ignore[arg-type]
        data[form.add_prefix("version")] = str(error.current)
        form.data = data
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
