"""Parsing of the mobility pages' input; no writes (the services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.models import ApplicantProfile, Application, Category, Consent, Visa


class DateInput(forms.DateInput):
    input_type = "date"


class IntakeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    host = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {"query": self.cleaned_data["q"], "host": self.cleaned_data["host"]}


class ProfileForm(forms.ModelForm):
    consent_personal_data = forms.BooleanField(
        label=_(
            "I consent to the processing of my personal data for this application (Federal Law "
            "No. 152-FZ, art. 9); I may withdraw it here at any time."
        ),
        required=False,
    )
    consent_health_data = forms.BooleanField(
        label=_(
            "I consent separately to the processing of my health documents (Federal Law "
            "No. 152-FZ, art. 10)."
        ),
        required=False,
    )

    def consents(self) -> dict[str, bool]:
        return {
            Consent.Purpose.PERSONAL_DATA: self.cleaned_data["consent_personal_data"],
            Consent.Purpose.HEALTH_DATA: self.cleaned_data["consent_health_data"],
        }

    class Meta:
        model = ApplicantProfile
        fields = [
            "passport_name",
            "citizenship",
            "birth_date",
            "sex",
            "passport_number",
            "passport_expires",
            "residence",
            "consulate_city",
            "education",
            "languages",
        ]
        widgets = {"birth_date": DateInput, "passport_expires": DateInput}


class ApplyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    planned_arrival = forms.DateField(label=_("Planned arrival"), widget=DateInput)
    planned_departure = forms.DateField(label=_("Planned departure"), widget=DateInput)


class MoveForm(forms.Form):
    """A move and what it records; which fields a move needs the service says."""

    to = forms.CharField(widget=forms.HiddenInput, max_length=24)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", "—"), *Application.Decision.choices]
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision"), required=False, widget=forms.Textarea
    )
    requested_on = forms.DateField(
        label=_("Invitation requested"), required=False, widget=DateInput
    )
    number = forms.CharField(label=_("Invitation number"), required=False, max_length=40)
    issued_on = forms.DateField(label=_("Invitation issued"), required=False, widget=DateInput)
    valid_from = forms.DateField(label=_("Visa valid from"), required=False, widget=DateInput)
    valid_to = forms.DateField(label=_("Visa valid to"), required=False, widget=DateInput)
    entries = forms.ChoiceField(
        label=_("Entries"), required=False, choices=[("", "—"), *Visa.Entries.choices]
    )
    border_date = forms.DateField(label=_("Border crossed"), required=False, widget=DateInput)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    receiving_party = forms.CharField(label=_("Receiving party"), required=False, max_length=200)
    registered_on = forms.DateField(label=_("Registered"), required=False, widget=DateInput)
    valid_until = forms.DateField(label=_("Registered until"), required=False, widget=DateInput)
    order_number = forms.CharField(label=_("Order number"), required=False, max_length=40)
    order_date = forms.DateField(label=_("Order date"), required=False, widget=DateInput)

    # The fields each move shows (the service checks which are required).
    FIELDS_OF = {
        "decided": ("decision", "reasons"),
        "invitation_requested": ("requested_on",),
        "invitation_issued": ("number", "issued_on"),
        "visa_issued": ("valid_from", "valid_to", "entries"),
        "arrived": ("border_date",),
        "registered": ("address", "receiving_party", "registered_on", "valid_until"),
        "enrolled": ("order_number", "order_date"),
        "withdrawn": ("reason",),
        "cancelled": ("reason",),
        "reopen": ("reason",),
    }

    def data_for_service(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, up to 10 MB)"))


class CheckForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("yes", _("accept")), ("no", _("reject"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=2000)
