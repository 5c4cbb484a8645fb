"""Parsing of the projects pages' input; the services write."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Product
from edcluster.organizations.models import Organization
from edcluster.partnerships.models import Agreement
from edcluster.projects.models import (
    BudgetLine,
    Deliverable,
    JointProgramme,
    Laboratory,
    LaboratoryOutput,
    Milestone,
    Participant,
    Project,
)
from edcluster.projects.selectors import agreements_for_programme
from edcluster.projects.services import Track

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


class ProgrammeForm(forms.Form):
    """A joint programme's particulars; one years-and-diploma row per participant."""

    scheme = forms.ChoiceField(label=_("Scheme"), choices=JointProgramme.Scheme.choices)
    languages = forms.CharField(
        label=_("Languages of instruction"),
        required=False,
        max_length=100,
        help_text=_("Two-letter ISO 639-1 codes, separated by commas: ru, en, zh."),
    )
    intake_per_year = forms.IntegerField(
        label=_("Intake per year"), required=False, min_value=0, max_value=100_000
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Educational products"), queryset=Product.objects.none(), required=False
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        help_text=_(
            "A degree, joint PhD, memorandum or mobility agreement with a participant among its "
            "parties."
        ),
    )

    def __init__(self, *args, project: Project, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(project.participants.all())
        fitting = agreements_for_programme(viewer=user, project=project).values("pk")
        named = JointProgramme.objects.filter(project=project).values("agreement_id")
        agreements = _field(self, "agreement")
        agreements.queryset = (
            Agreement.objects.defer("pdf")
            .filter(Q(pk__in=fitting) | Q(pk__in=named))
            .order_by("code", "pk")
        )
        agreements.label_from_instance = lambda agreement: f"{agreement.code} · {agreement.title}"
        _field(self, "products").queryset = Product.objects.filter(
            ownerships__organization__in=[p.organization_id for p in self.participants]
        ).distinct()
        for participant in self.participants:
            name = participant.organization
            self.fields[f"years_{participant.pk}"] = forms.DecimalField(
                label=_("Years at %(name)s") % {"name": name},
                required=False,
                min_value=0,
                max_value=10,
                decimal_places=1,
            )
            self.fields[f"diploma_ru_{participant.pk}"] = forms.CharField(
                label=_("Diploma of %(name)s (Russian)") % {"name": name},
                required=False,
                max_length=300,
            )
            self.fields[f"diploma_en_{participant.pk}"] = forms.CharField(
                label=_("Diploma of %(name)s (English)") % {"name": name},
                required=False,
                max_length=300,
            )

    def tracks(self) -> list[Track]:
        """The participants given years, in their order."""
        data = self.cleaned_data
        return [
            Track(
                participant=participant,
                years=data[f"years_{participant.pk}"],
                diploma_ru=data[f"diploma_ru_{participant.pk}"],
                diploma_en=data[f"diploma_en_{participant.pk}"],
            )
            for participant in self.participants
            if data.get(f"years_{participant.pk}") is not None
        ]


class LaboratoryForm(forms.ModelForm):
    class Meta:
        model = Laboratory
        fields = [
            "host",
            "country",
            "city",
            "research_areas_ru",
            "research_areas_en",
            "opened_on",
        ]
        widgets = {"opened_on": DATE}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "host").queryset = Organization.objects.filter(
            project_participations__project=project
        )

    def _post_clean(self) -> None:
        pass


class OutputForm(forms.ModelForm):
    class Meta:
        model = LaboratoryOutput
        fields = ["year", "publications", "patents", "theses", "students", "note"]

    def _post_clean(self) -> None:
        pass
