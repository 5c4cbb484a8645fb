from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edcluster.skills.models import Skill


class TaxonomySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    what = forms.ChoiceField(
        label=_("Look for"),
        required=False,
        choices=[("skills", _("skills")), ("occupations", _("occupations"))],
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("any"))] + list(Skill.Kind.choices)
    )

    def cleaned(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "what": "skills", "kind": ""}
        data = self.cleaned_data
        return {"q": data["q"], "what": data["what"] or "skills", "kind": data["kind"]}


class AliasForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            ("ru", pgettext_lazy("language of a text", "Russian")),
            ("en", pgettext_lazy("language of a text", "English")),
        ],
    )
    text = forms.CharField(label=_("Alias"), max_length=300)


class AliasTextForm(forms.Form):
    text = forms.CharField(label=_("Alias"), max_length=300)


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A job posting, a request or learning outcomes, in Russian or English."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.SKILLS_EXTRACT_MAX_CHARS  # the API's cap
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["text"].widget.attrs["maxlength"] = str(limit)
