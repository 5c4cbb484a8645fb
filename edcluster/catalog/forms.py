from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Product

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
