from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.models import Offering, Product
from edcluster.core.forms import month_field
from edcluster.demand.selectors.analytics import AnalyticsQuery
from edcluster.matching.models import Offer, ProductSkill
from edcluster.matching.selectors.proposals import PROVIDERS
from edcluster.organizations.models import Organization, PriorityArea
from edcluster.skills.models import Occupation, Skill
from edcluster.skills.selectors import not_found_message, occupation_named, skill_resolve


class SkillAddForm(forms.Form):
    skill = forms.CharField(
        label=_("Add a skill"),
        max_length=300,
        help_text=_("Its name in the taxonomy, in Russian or English."),
    )

    def clean_skill(self) -> Skill:
        name = self.cleaned_data["skill"]
        resolved = skill_resolve(name)
        skill = resolved.concept
        if not isinstance(skill, Skill):
            raise ValidationError(not_found_message(name, resolved.suggestions))
        return skill


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=ProductSkill.Decision.choices, required=False)


class PostingsForm(forms.Form):
    """A region and months of the postings, as the demand analytics take them."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    start = month_field(_("From"))
    end = month_field(_("To"))

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

    def query(self) -> AnalyticsQuery:
        """The region and months asked for (the defaults where the input is not valid)."""
        data = self.cleaned_data if self.is_valid() else {}
        region = data.get("region") or ""
        return AnalyticsQuery(region=region, start=data.get("start"), end=data.get("end"))


class GapsForm(PostingsForm):
    occupation = forms.CharField(
        label=_("Occupation"),
        required=False,
        max_length=300,
        help_text=_("Its name in the taxonomy, in Russian or English."),
    )
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        required=False,
        queryset=PriorityArea.objects.all(),
    )
    threshold = forms.TypedChoiceField(
        label=_("Covered by"),
        required=False,
        coerce=float,
        empty_value=None,
        choices=[("1.0", _("the skill itself")), ("0.5", _("the skill or a neighbour"))],
    )

    def clean_occupation(self) -> Occupation | None:
        name = self.cleaned_data["occupation"]
        if not name.strip():
            return None
        occupation = occupation_named(name)
        if occupation is None:
            raise ValidationError(_("No occupation is called “%(name)s”.") % {"name": name})
        return occupation

    def gap_filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "occupation": data.get("occupation"),
            "area": data.get("area"),
            "threshold": data.get("threshold") or 1.0,
        }


class AcceptForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members who develop it"),
        to_field_name="slug",
        queryset=Organization.objects.filter(status=Organization.Status.ADMITTED),
        help_text=_("The suggested consortium is ticked; the first chosen leads."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, suggested: list[str], **kwargs) -> None:
        """`suggested`: the proposal's consortium, best first. They are listed, in that order,
        and ticked; with none suggested, the admitted members that make products are listed
        and none ticked. The choice is checked against every admitted member."""
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
        if suggested:
            rank = {slug: index for index, slug in enumerate(suggested)}
            shown = sorted(admitted.filter(slug__in=suggested), key=lambda o: rank[o.slug])
            field.choices = [(o.slug, str(o)) for o in shown]
            field.initial = list(suggested)
        else:
            field.queryset = admitted.filter(kind__in=PROVIDERS).order_by("name_ru")
            field.help_text = _(
                "No member teaches these skills yet: choose who develops it; the first leads."
            )

    def ordered(self, suggested: list[str]) -> list:
        chosen = list(self.cleaned_data["members"])
        return sorted(
            chosen,
            key=lambda o: (
                suggested.index(o.slug) if o.slug in suggested else len(suggested),
                o.slug,
            ),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AskForm(forms.Form):
    product = forms.SlugField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the owner"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OfferForm(forms.Form):
    """An owner's offer: for the product asked about, or one of theirs chosen for the request."""

    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), to_field_name="slug"
    )
    answer = forms.CharField(
        label=_("What you offer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Groups, dates, price, how the product would be adapted."),
    )
    offering = forms.ModelChoiceField(
        label=_("Run"), queryset=Offering.objects.none(), required=False
    )

    def __init__(self, *args, products, offerings=None, fixed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ModelChoiceField)
        product.queryset = products
        if fixed:  # answering the ask about this product
            product.widget = forms.HiddenInput()
        offering = self.fields["offering"]
        assert isinstance(offering, forms.ModelChoiceField)
        offering.queryset = offerings if offerings is not None else Offering.objects.none()
        if offerings is None:
            del self.fields["offering"]


class OfferDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accepted", _("accept the offer")), ("not_taken", _("do not take it"))],
    )
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any"))] + Offer.Status.choices
    )
