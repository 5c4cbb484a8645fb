from dataclasses import dataclass
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.core.forms import month_field, version_field
from edcluster.core.models import in_language
from edcluster.core.tables import ColumnDoc
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.posting_rows import COLUMNS
from edcluster.demand.selectors.analytics import AnalyticsQuery
from edcluster.organizations.models import Organization
from edcluster.skills.models import Occupation, Skill
from edcluster.skills.selectors import (
    occupation_named,
    occupation_search,
    skill_named,
    skill_resolve,
)


class PostingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=200)
    start = month_field(_("From"))
    end = month_field(_("To"))
    skill = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    occupation = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    area = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "region": data["region"],
            "skill_id": data["skill"],
            "occupation_id": data["occupation"],
            "priority_area_id": data["area"],
            "start": data["start"],
            "end": data["end"],
        }


class AnalyticsForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    start = month_field(_("From"))
    end = month_field(_("To"))
    skill = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, regions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("all regions"))] + [(r, r) for r in regions]

    def clean(self) -> dict:
        data = super().clean() or {}
        try:  # a reversed period is an error, not one month (AnalyticsQuery says so)
            AnalyticsQuery(start=data.get("start"), end=data.get("end"))
        except ValueError as error:
            self.add_error("end", str(error))
        return data

    def ask(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "region": data.get("region") or "",
            "start": data.get("start"),
            "end": data.get("end"),
            "skill": data.get("skill"),
        }

    def query(self) -> AnalyticsQuery:
        """The region and months asked for (the defaults where the input is not valid)."""
        ask = self.ask()
        return AnalyticsQuery(region=ask["region"], start=ask["start"], end=ask["end"])


class IngestForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, a header with at least external_id, title, text) or JSON Lines."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=100, help_text=_("Where the postings come from, e.g. hh.ru")
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("by the file name")), ("csv", "CSV"), ("jsonl", "JSON Lines")],
    )
    extract = forms.BooleanField(label=_("Extract skills"), required=False, initial=True)


REQUIRED = pgettext_lazy("import column", "required")
OPTIONAL = pgettext_lazy("import column", "no")
# The columns of a postings file (posting_rows.COLUMNS), as the upload page documents them.
INGEST_COLUMNS = [
    ColumnDoc("external_id", REQUIRED, _("The posting's id at its source: the key of a re-run.")),
    ColumnDoc("title", REQUIRED, _("The job title, up to 500 characters.")),
    ColumnDoc("text", REQUIRED, _("The posting's text (its skills are read from it).")),
    ColumnDoc("employer", OPTIONAL, _("The employer's name.")),
    ColumnDoc("region", OPTIONAL, _("The region, e.g. Томская область.")),
    ColumnDoc("city", OPTIONAL, _("The city.")),
    ColumnDoc("posted_at", OPTIONAL, _("The date it was posted, YYYY-MM-DD, e.g. 2026-11-28.")),
    ColumnDoc(
        "salary_from", OPTIONAL, _("The lowest salary, a number (a comma or dot for decimals).")
    ),
    ColumnDoc("salary_to", OPTIONAL, _("The highest salary, not below salary_from.")),
    ColumnDoc(
        "currency", OPTIONAL, _("The salary's currency, a three-letter ISO 4217 code, e.g. RUB.")
    ),
    ColumnDoc("url", OPTIONAL, _("The posting's address, http:// or https://.")),
]
assert [column.name for column in INGEST_COLUMNS] == list(COLUMNS), "every column is documented"


class RequestFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *DemandRequest.Status.choices],
    )
    mine = forms.BooleanField(label=_("Only my organization's"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"query": data["q"], "status": data["status"], "mine": data["mine"]}


@dataclass
class SkillRow:
    """A skill as the request form shows it: ticked to keep, with its importance."""

    skill: Skill
    checked: bool = True
    importance: str = RequestSkill.Importance.ESSENTIAL
    origin: str = RequestSkill.Origin.EMPLOYER
    score: float | None = None
    evidence: str = ""


class RequestForm(forms.ModelForm):
    """What an employer needs. The skills are ticked rows (`skill`, `importance-<id>`, with
    `shown` for every row on the page, so unticked ones stay offered) plus names typed in."""

    organization = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organization.objects.none(), to_field_name="slug"
    )
    occupation_name = forms.CharField(
        label=_("Occupation"),
        required=False,
        max_length=300,
        help_text=_(
            "Its name in the taxonomy, in Russian or English; left empty, it is "
            "recognised from the title."
        ),
    )
    add_skills = forms.CharField(
        label=_("Add skills"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One skill per line, named as in the taxonomy (Russian or English)."),
    )
    version = version_field()

    class Meta:
        model = DemandRequest
        fields = [
            "title",
            "description",
            "headcount",
            "needed_by",
            "region",
            "eqf_level",
            "priority_area",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "needed_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organizations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        if organizations is None:  # editing: the employer stays
            del self.fields["organization"]
        else:
            field.queryset = organizations
            if organizations.count() == 1:
                field.initial = organizations.first()
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        else:
            del self.fields["version"]
        if self.instance.pk and self.instance.occupation_id:
            self.fields["occupation_name"].initial = self.instance.occupation.label
        self.rows = self._rows()

    def _rows(self) -> list[SkillRow]:
        """The skill rows: as posted when the form is bound, else the request's own."""
        if not self.is_bound:
            if not self.instance.pk:
                return []
            return [
                SkillRow(
                    skill=link.skill,
                    importance=link.importance,
                    origin=link.origin,
                    score=link.score,
                    evidence=link.evidence,
                )
                for link in self.instance.skill_links.select_related("skill").order_by(
                    "importance", "skill__label"
                )
            ]
        data = cast(QueryDict, self.data)
        shown = _ids(data.getlist("shown"))
        ticked = set(_ids(data.getlist("skill")))
        skills = Skill.objects.filter(obsolete=False).in_bulk(shown + list(ticked - set(shown)))
        rows = []
        for pk in dict.fromkeys(shown + sorted(ticked - set(shown))):
            if pk in skills:
                importance = self.data.get(f"importance-{pk}")
                if importance not in RequestSkill.Importance.values:
                    importance = RequestSkill.Importance.ESSENTIAL
                rows.append(SkillRow(skill=skills[pk], checked=pk in ticked, importance=importance))
        return rows

    def offer(self, suggestions: list[SkillRow]) -> None:
        """Add the extractor's suggestions to the rows (ticked), keeping the employer's own."""
        present = {row.skill.pk for row in self.rows}
        self.rows += [row for row in suggestions if row.skill.pk not in present]

    def clean_occupation_name(self) -> Occupation | None:
        name = self.cleaned_data["occupation_name"]
        if not name.strip():
            return None
        occupation = occupation_named(name)
        if occupation is None:
            raise ValidationError(_did_you_mean(name, occupation_search(query=name)))
        return occupation

    def clean_add_skills(self) -> list[Skill]:
        skills, unknown = [], []
        for line in self.cleaned_data["add_skills"].splitlines():
            if line.strip():
                skill = skill_named(line)
                if skill is None:
                    unknown.append(_did_you_mean(line, skill_resolve(line).suggestions))
                else:
                    skills.append(skill)
        if unknown:
            raise ValidationError(unknown)
        return skills

    def picked(self) -> list[tuple[Skill, str]]:
        """The skills to keep: ticked rows and typed names (essential unless ticked as nice)."""
        chosen = {row.skill.pk: (row.skill, row.importance) for row in self.rows if row.checked}
        for skill in self.cleaned_data.get("add_skills", []):
            chosen.setdefault(skill.pk, (skill, RequestSkill.Importance.ESSENTIAL))
        return list(chosen.values())

    def request_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["occupation"] = data["occupation_name"]
        return fields


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 12]


def _did_you_mean(name: str, found) -> str:
    close = [in_language(concept.label_ru, concept.label) for concept in found[:3]]
    if close:
        return _("No entry of the taxonomy is called “%(name)s”. Did you mean: %(close)s?") % {
            "name": name.strip(),
            "close": "; ".join(close),
        }
    return _("No entry of the taxonomy is called “%(name)s”.") % {"name": name.strip()}


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=DemandRequest.Status.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", "—"), *DemandRequest.Outcome.choices],
        help_text=_("Required when closing."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, moves: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        # Nothing chosen in advance: an employer's form defaulted to «закрыта».
        moves_offered = [(move, DemandRequest.Status(move).label) for move in moves]
        field.choices = [("", _("- Select an option -")), *moves_offered]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("status") == DemandRequest.Status.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Say how the request ended."))
        return data
