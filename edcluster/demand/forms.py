from django import forms
from django.utils.translation import gettext_lazy as _


class PostingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=200)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"query": self.cleaned_data["q"], "region": self.cleaned_data["region"]}


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
