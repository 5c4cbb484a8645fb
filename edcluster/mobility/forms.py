"""Parsing of the mobility pages' input; no writes (the services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.models import (
    ApplicantProfile,
    Application,
    Category,
    Consent,
    Stage,
    Visa,
)
from edcluster.partnerships.selectors.nominations import nomination_conditions


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


class ProfileStepForm(forms.ModelForm):
    """The wizard's first step: the profile and passport (consents are the next step)."""

    class Meta(ProfileForm.Meta):
        pass


class ConsentsForm(forms.Form):
    """The wizard's second step: the personal data consent is needed to go on."""

    consent_personal_data = forms.BooleanField(
        label=ProfileForm.base_fields["consent_personal_data"].label,
        error_messages={
            "required": _("Your application cannot be processed without this consent.")
        },
    )
    consent_health_data = forms.BooleanField(
        label=ProfileForm.base_fields["consent_health_data"].label,
        required=False,
        help_text=_("Needed before you upload a health document (e.g. an HIV certificate)."),
    )

    def consents(self) -> dict[str, bool]:
        return {
            Consent.Purpose.PERSONAL_DATA: self.cleaned_data["consent_personal_data"],
            Consent.Purpose.HEALTH_DATA: self.cleaned_data["consent_health_data"],
        }


def condition_choices(host_id: int) -> list[tuple[str, str]]:
    """The agreement conditions a partner may nominate under to the host, as choices."""
    return [("", "—")] + [
        (
            str(condition.pk),
            f"{condition.version.agreement.code}: {condition.sending_party.organization} — "
            f"{condition.get_type_display()} ({condition.first_year}–{condition.last_year})",
        )
        for condition in nomination_conditions(host_id=host_id)[:200]
    ]


class ApplyForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    planned_arrival = forms.DateField(label=_("Planned arrival"), widget=DateInput)
    planned_departure = forms.DateField(label=_("Planned departure"), widget=DateInput)
    condition_id = forms.TypedChoiceField(
        label=_("Nominated by a partner under an agreement"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only if your university nominated you under its agreement with the host."),
    )

    def __init__(self, *args, host_id: int, nomination: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = condition_choices(host_id) if nomination else []
        field = self.fields["condition_id"]
        if len(choices) > 1:
            field.choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["condition_id"]


class NominateForm(forms.Form):
    condition_id = forms.TypedChoiceField(
        label=_("Agreement condition"), coerce=int, empty_value=None
    )
    over_quota_reason = forms.CharField(
        label=_("Reason for exceeding the quota (operators)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, host_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition_id"].choices = condition_choices(host_id)  # type: ignore[attr-defined]


class PartnerNominateForm(forms.Form):
    """A partner's staff nominate their student's application to an intake under one of their
    organization's conditions."""

    email = forms.EmailField(label=_("The student's e-mail"), max_length=254)
    intake_id = forms.TypedChoiceField(label=_("Intake"), coerce=int)
    condition_id = forms.TypedChoiceField(label=_("Agreement condition"), coerce=int)

    def __init__(self, *args, conditions, intakes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intake_id"].choices = [  # type: ignore[attr-defined]
            (intake.pk, f"{intake} — {intake.host}") for intake in intakes
        ]
        self.fields["condition_id"].choices = [  # type: ignore[attr-defined]
            (
                condition.pk,
                f"{condition.version.agreement.code}: {condition.sending_party.organization} → "
                f"{condition.receiving_party.organization} — {condition.get_type_display()}",
            )
            for condition in conditions
        ]


class MoveForm(forms.Form):
    """A move and what it records; which fields a move needs the service says."""

    to = forms.CharField(widget=forms.HiddenInput, max_length=24)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", "—"), *Application.Decision.choices]
    )
    decision_reason = forms.ChoiceField(
        label=_("Reason for the decision"),
        required=False,
        choices=[("", "—"), *Application.Reason.choices],
    )
    reasons = forms.CharField(
        label=_("Comment on the decision"), required=False, widget=forms.Textarea
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
        "decided": ("decision", "decision_reason", "reasons"),
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


# What the button of each move says: an action, not the stage it leads to.
ACTION_LABELS = {
    Stage.SUBMITTED: _("Submit the application"),
    Stage.DOCUMENTS_COMPLETE: _("Mark the documents complete"),
    Stage.UNDER_REVIEW: _("Start the review"),
    Stage.DECIDED: _("Record the decision"),
    Stage.CONFIRMED: _("Confirm that I come"),
    Stage.INVITATION_REQUESTED: _("Record the invitation request"),
    Stage.INVITATION_ISSUED: _("Record the invitation"),
    Stage.VISA_ISSUED: _("Record the visa"),
    Stage.ARRIVED: _("Record the arrival"),
    Stage.REGISTERED: _("Record the migration registration"),
    Stage.ENROLLED: _("Record the enrolment order"),
    Stage.COMPLETED: _("Complete the case"),
    Stage.WITHDRAWN: _("Withdraw the application"),
    Stage.CANCELLED: _("Cancel the case"),
    "reopen": _("Reopen the case"),
}


class CaseFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("all stages")), *Stage.choices]
    )


FLOW_FIGURES = {
    "applications": _("Applications"),
    "accepted": _("Accepted"),
    "arrived": _("Arrived"),
}


class FlowsFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    figure = forms.ChoiceField(
        label=_("The map shows"), required=False, choices=list(FLOW_FIGURES.items())
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The period ends before it starts."))
        return data

    def period(self) -> dict:
        if not self.is_valid():
            return {}
        return {"since": self.cleaned_data["since"], "until": self.cleaned_data["until"]}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's e-mail"))


class EraseForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


def case_ids(values: list[str]) -> list[int]:
    """The chosen cases' ids (at most 200; what is not a number is left out)."""
    return [int(value) for value in values[:200] if value.isdigit()]
