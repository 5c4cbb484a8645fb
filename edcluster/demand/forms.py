from django import forms
from django.utils.translation import gettext_lazy as _


def month_field(label) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=["%Y-%m"], required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )  # fmt: skip


class PostingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip
    region = forms.CharField(label=_("Region"), required=False, max_length=200)
    start = month_field(_("From"))
    end = month_field(_("To"))
    skill = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"query": data["q"], "region": data["region"], "skill_id": data["skill"],
                "start": data["start"], "end": data["end"]}  # fmt: skip


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

    def ask(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"region": data.get("region") or "", "start": data.get("start"),
                "end": data.get("end"), "skill": data.get("skill")}  # fmt: skip


class IngestForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, a header with at least external_id, title, text) or JSON Lines."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=100, help_text=_("Where the postings come from, e.g. hh.ru")
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False,
        choices=[("", _("by the file name")), ("csv", "CSV"), ("jsonl", "JSON Lines")],
    )  # fmt: skip
    extract = forms.BooleanField(label=_("Extract skills"), required=False, initial=True)
