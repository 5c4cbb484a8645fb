import re

from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Product
from edcluster.organizations.models import Organization

ANY = [("", _("any"))]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + Product.Kind.choices)
    mode = forms.ChoiceField(
        label=_("Delivery mode"), required=False, choices=ANY + Product.Mode.choices
    )
    stage = forms.ChoiceField(
        label=_("Lifecycle stage"), required=False, choices=ANY + Product.Stage.choices
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: self.cleaned_data[name] for name in ("kind", "mode", "stage")} | {
            "query": self.cleaned_data["q"]
        }


CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class ProductForm(forms.ModelForm):
    """What a member describes; learning outcomes are one per line, in either language."""

    outcomes = forms.CharField(
        label=_("Learning outcomes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One statement per line, in Russian or English."),
    )
    languages = forms.CharField(
        label=_("Languages of instruction"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. ru, en."),
    )

    class Meta:
        model = Product
        fields = [
            "kind", "title_ru", "title_en", "summary_ru", "summary_en", "description_ru",
            "description_en", "field", "priority_areas", "eqf_level", "isced_level", "mode",
            "duration_hours", "duration_months", "ects_credits", "is_free", "price", "currency",
            "target_audience_ru", "target_audience_en", "entry_requirements_ru",
            "entry_requirements_en", "certificate_ru", "certificate_en",
        ]  # fmt: skip
        widgets = {
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "priority_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["outcomes"] = "\n".join(o.text for o in self.instance.outcomes.all())
            self.initial["languages"] = ", ".join(self.instance.languages)

    def _post_clean(self) -> None:
        pass  # the service validates the model with the user's rights

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",")]
        return [code for code in codes if code]

    def outcome_list(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["outcomes"].splitlines()]
        return [(line, "ru" if CYRILLIC.search(line) else "en") for line in lines if line]

    def product_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()} | {
            "languages": self.cleaned_data["languages"]
        }


class OwnerChoiceForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Lead organization"), queryset=Organization.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args, organizations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = organizations


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", _("Submit for review")), ("publish", _("Publish")),
                 ("return", _("Return to the editors")), ("archive", _("Archive"))]
    )  # fmt: skip
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)
