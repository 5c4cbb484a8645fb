from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from edcluster.core.concurrency import EditConflict

# Django 6.1's label of a select's empty choice, which its Russian catalogue does not translate
# yet: named here so that makemessages puts it in ours (LOCALE_PATHS come first).
gettext_noop("- Select an option -")


class GroupedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices under headings: one group per value of the field's
    `group_by` attribute, in the order and with the labels of its `groups` choices."""

    def __iter__(self):
        field: Any = self.field  # a Grouped… field below
        if field.empty_label is not None:
            yield ("", field.empty_label)
        members: dict[str, list] = {}
        for obj in self.queryset:
            members.setdefault(getattr(obj, field.group_by), []).append(self.choice(obj))
        for key, label in field.groups:
            if key in members:
                yield (label, members[key])


class GroupedModelChoiceField(forms.ModelChoiceField):
    """A select whose options are grouped under headings (see GroupedChoiceIterator)."""

    iterator = GroupedChoiceIterator

    def __init__(self, *args, group_by: str, groups, **kwargs) -> None:
        self.group_by, self.groups = group_by, groups
        super().__init__(*args, **kwargs)


class GroupedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes or a multiple select grouped under headings (see GroupedChoiceIterator)."""

    iterator = GroupedChoiceIterator

    def __init__(self, *args, group_by: str, groups, **kwargs) -> None:
        self.group_by, self.groups = group_by, groups
        super().__init__(*args, **kwargs)


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
