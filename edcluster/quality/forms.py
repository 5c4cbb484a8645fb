"""Parsing of the quality pages' input; no writes."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edcluster.quality.models import Criterion, Review
from edcluster.quality.questions import questions

SCALE = [(score, str(score)) for score in range(1, 6)]


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class AssignmentForm(forms.Form):
    """An operator's choice of a product (a search narrows the list), an expert, a cycle and a
    due date. Any product an operator reads is accepted; the list shows PRODUCT_CHOICES."""

    product_search = forms.CharField(
        label=_("Find a product"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("A word of its title or its short address narrows the list below."),
    )
    product: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,  # type: ignore[arg-type]
        empty_label=_("Choose a product"),
    )
    expert: forms.ModelChoiceField = ExpertChoiceField(
        label=_("Expert"),
        queryset=None,  # type: ignore[arg-type]
        empty_label=_("Choose an expert"),
    )
    cycle = forms.IntegerField(label=_("Cycle (year)"), min_value=2000, max_value=2100)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, experts, products, shown_products, **kwargs):
        kwargs.setdefault("initial", {"cycle": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts  # type: ignore[attr-defined]
        field = self.fields["product"]
        field.queryset = products  # type: ignore[attr-defined]
        # The list shows a bounded choice (and the one chosen); validation takes any product.
        chosen = self.data.get(self.add_prefix("product")) if self.is_bound else None
        listed = list(shown_products)
        if chosen and str(chosen).isdigit() and all(p.pk != int(chosen) for p in listed):
            listed = list(products.filter(pk=int(chosen))) + listed
        field.widget.choices = [("", field.empty_label)] + [  # type: ignore[attr-defined]
            (product.pk, product_label(product)) for product in listed
        ]
        search = self.fields["product_search"].widget
        search.attrs.update(
            {
                "hx-get": reverse("quality:product_options"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": f"#{self['product'].auto_id}",
                "hx-swap": "innerHTML",
            }
        )


def product_label(product) -> str:
    """A product as an operator picks it: its title in the page's language and its kind (a
    slug is an address, not a name a reader knows it by)."""
    return f"{product.title} · {product.get_kind_display()}"


class ReviewForm(forms.Form):
    """A score and comment per criterion of the scoresheet, a recommendation, a declaration."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices
    )
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=10_000, widget=forms.Textarea
    )
    no_conflict = forms.BooleanField(
        label=_("I declare that I have no conflict of interest with this product and its owners.")
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.get_code_display(),
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea
            )

    def scores(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            criterion.code: {
                "score": data[f"score_{criterion.code}"],
                "comment": data[f"comment_{criterion.code}"],
            }
            for criterion in self.criteria
        }


class AnswerForm(forms.Form):
    """A learner's four scores and comment."""

    comment = forms.CharField(
        label=_("Anything else?"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in questions():
            self.fields[name] = forms.TypedChoiceField(
                label=text, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([name for name, _text in questions()] + ["comment"])


class LinksForm(forms.Form):
    count = forms.IntegerField(label=_("How many links"), min_value=1, max_value=500, initial=20)


class EmployerFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did the training meet your needs? (1–5)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea
    )


class CriteriaForm(forms.Form):
    """A new version of the scoresheet: per criterion a weight and five descriptors a language,
    one per line."""

    note = forms.CharField(label=_("What changed"), required=False, max_length=2000)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        known = {criterion.code: criterion for criterion in (current or [])}
        for code, label in Criterion.Code.choices:
            criterion = known.get(code)
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=_("%(criterion)s: weight") % {"criterion": label},
                min_value=0.01,
                max_value=10,
                decimal_places=2,
                initial=criterion.weight if criterion else 1,
            )
            for language, name in (("ru", _("in Russian")), ("en", _("in English"))):
                self.fields[f"descriptors_{language}_{code}"] = forms.CharField(
                    label=_("Scores 1–5, one a line, %(language)s") % {"language": name},
                    widget=forms.Textarea(attrs={"rows": 5}),
                    initial="\n".join(getattr(criterion, f"descriptors_{language}"))
                    if criterion
                    else "",
                )

    def criteria(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "code": code,
                "weight": data[f"weight_{code}"],
                "descriptors_ru": _lines(data[f"descriptors_ru_{code}"]),
                "descriptors_en": _lines(data[f"descriptors_en_{code}"]),
            }
            for code in Criterion.Code.values
        ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
