"""Parsing of the projects pages' input; the services write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Product
from edcluster.organizations.models import Organization
from edcluster.projects.models import BudgetLine, Deliverable, Milestone, Participant, Project

DATE = forms.DateInput(attrs={"type": "date"})


def _field(form: forms.BaseForm, name: str) -> Any:
    """A field of the form, for setting its queryset or choices."""
    return form.fields[name]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any"))] + Project.Kind.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any"))] + Project.Status.choices
    )
    mine = forms.BooleanField(label=_("Only my organizations'"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "kind",
            "title_ru",
            "title_en",
            "summary_ru",
            "summary_en",
            "starts_on",
            "ends_on",
            "field",
            "priority_areas",
            "sources",
            "is_public",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("priority_areas", None)
        data.pop("lead", None)
        return data

    def _post_clean(self) -> None:
        """The service validates the record (and names the field); the form only parses."""


class NewProjectForm(ProjectForm):
    lead = forms.ModelChoiceField(label=_("Lead"), queryset=Organization.objects.none())

    class Meta(ProjectForm.Meta):
        fields = ["lead", *ProjectForm.Meta.fields]

    def __init__(self, *args, leads=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "lead").queryset = leads if leads is not None else Organization.objects.none()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(label=_("On"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea, max_length=5000
    )

    def __init__(self, *args, moves=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "status").choices = [(m, Project.Status(m).label) for m in moves]


class StartForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["organization", "role", "tasks_ru", "tasks_en"]

    def __init__(self, *args, organizations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            _field(self, "organization").queryset = organizations
        _field(self, "role").choices = [
            (value, label) for value, label in Participant.Role.choices if value != "lead"
        ]

    def _post_clean(self) -> None:
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title_ru", "title_en", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}

    def _post_clean(self) -> None:
        pass


class DeliverableForm(forms.ModelForm):
    product = forms.ModelChoiceField(
        label=_("Educational product"), queryset=Product.objects.none(), required=False
    )

    class Meta:
        model = Deliverable
        fields = [
            "milestone",
            "participant",
            "kind",
            "title_ru",
            "title_en",
            "product",
            "target_stage",
            "done_on",
        ]
        widgets = {"done_on": DATE}

    def __init__(self, *args, project: Project, participants, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "milestone").queryset = project.milestones.all()
        _field(self, "participant").queryset = Participant.objects.filter(
            pk__in=[p.pk for p in participants]
        ).select_related("organization")
        _field(self, "product").queryset = Product.objects.filter(
            ownerships__organization__in=[p.organization_id for p in project.participants.all()]
        ).distinct()

    def _post_clean(self) -> None:
        pass


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "participant",
            "year",
            "category",
            "source",
            "planned",
            "spent",
            "currency",
            "note",
        ]

    def __init__(self, *args, participants, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "participant").queryset = Participant.objects.filter(
            pk__in=[p.pk for p in participants]
        ).select_related("organization")
        self.fields["currency"].initial = "RUB"

    def _post_clean(self) -> None:
        pass
