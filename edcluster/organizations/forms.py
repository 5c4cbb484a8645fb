from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.models import Membership
from edcluster.core.forms import GroupedModelMultipleChoiceField, version_field
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea
from edcluster.organizations.services import MEMBER_EDITABLE, OPERATOR_EDITABLE, TRANSITIONS
from edcluster.organizations.validators import words_check, words_of


class OrganizationForm(forms.ModelForm):
    """The profile as the organization's staff edit it; operators also see kind and flags."""

    priority_areas = GroupedModelMultipleChoiceField(
        queryset=PriorityArea.objects.all(),
        group_by="list",
        groups=PriorityArea.List.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Priority areas"),
    )
    fields_of_education = forms.ModelMultipleChoiceField(
        queryset=FieldOfEducation.objects.exclude(level=FieldOfEducation.Level.DETAILED),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        label=_("Fields of education (ISCED-F)"),
    )
    version = version_field()

    class Meta:
        model = Organization
        fields = [
            "name_ru",
            "name_en",
            "short_name",
            "short_name_en",
            "kind",
            "country",
            "region",
            "city",
            "website",
            "internet_domain",
            "description_ru",
            "description_en",
            "founded_year",
            "students_count",
            "international_students_count",
            "facts_source",
            "priority_areas",
            "fields_of_education",
            "is_sme",
            "is_key_company",
            "is_demo",
        ]
        widgets = {
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "facts_source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, operator: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = OPERATOR_EDITABLE if operator else MEMBER_EDITABLE
        for name in self._meta.fields or ():
            if name not in allowed:
                del self.fields[name]
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        else:
            del self.fields["version"]

    def _post_clean(self) -> None:
        # Model validation happens in the service, with the user's rights; here only the form.
        pass

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}

    def expected_version(self) -> int | None:
        """The version the form was shown at (None when the post does not say)."""
        return self.cleaned_data.get("version")


class JoinForm(OrganizationForm):
    """An organization applies: its profile and, for someone not signed in, the first admin."""

    admin_email = forms.EmailField(label=_("Your e-mail"))
    admin_first_name = forms.CharField(label=_("First name"), max_length=150)
    admin_last_name = forms.CharField(label=_("Last name"), max_length=150)
    admin_password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, signed_in: bool = False, **kwargs) -> None:
        super().__init__(*args, operator=False, **kwargs)
        kind = forms.ChoiceField(
            label=_("Kind"),
            choices=[
                choice
                for choice in Organization.Kind.choices
                if choice[0] != Organization.Kind.MANAGEMENT_COMPANY
            ],
        )
        self.fields = {"kind": kind, **self.fields}
        if signed_in:
            for name in ("admin_email", "admin_first_name", "admin_last_name", "admin_password"):
                del self.fields[name]

    def clean_admin_password(self) -> str:
        password = self.cleaned_data["admin_password"]
        validate_password(password)
        return password

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        password = cleaned.get("admin_password")
        if password:  # nor the names of the organization applying
            names = (
                cleaned.get(name) or ""
                for name in ("name_ru", "name_en", "short_name", "short_name_en")
            )
            try:
                words_check(password, words_of(*names))
            except forms.ValidationError as error:
                self.add_error("admin_password", error)
        return cleaned

    def changed_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("admin_")
        }

    def administrator(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name.startswith("admin_")
        }


class StatusForm(forms.Form):
    """An operator's decision: only the statuses the organization can move to are offered, none
    chosen in advance (an admitted member's form used to default to "applied")."""

    status = forms.ChoiceField(label=_("New status"), choices=Organization.Status.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[current]
        choices = [
            (value, label) for value, label in Organization.Status.choices if value in allowed
        ]
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("- Select an option -")), *choices]


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any"))] + Organization.Kind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any"))] + Organization.Status.choices,
    )
    priority_area = forms.ModelChoiceField(
        label=_("Priority area"),
        required=False,
        queryset=PriorityArea.objects.all(),
        empty_label=_("any"),
    )
    field = forms.ModelChoiceField(
        label=_("Field of education"),
        required=False,
        queryset=FieldOfEducation.objects.filter(level=FieldOfEducation.Level.BROAD),
        to_field_name="code",
        empty_label=_("any"),
    )
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)

    def __init__(self, *args, operator: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not operator:
            del self.fields["status"]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "status": data.get("status", ""),
            "priority_area": data["priority_area"].pk if data["priority_area"] else None,
            "field": data["field"].code if data["field"] else "",
            "country": data["country"],
        }
