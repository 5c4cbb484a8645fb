import re

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from edcluster.catalog.languages import LANGUAGES
from edcluster.catalog.models import Enquiry, ImportRun, Offering, Product
from edcluster.catalog.selectors import ENTITY, Availability, CatalogQuery, partner_candidates
from edcluster.core import facets
from edcluster.core.forms import (
    GroupedModelChoiceField,
    GroupedModelMultipleChoiceField,
    version_field,
)
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea

ANY = [("", _("any"))]


SORT_CHOICES = [
    ("", _("best match")),
    ("newest", _("newest")),
    ("title", _("title")),
    ("price", _("price")),
]


class CatalogFilterForm(forms.Form):
    """The catalog's search box, facets and order (all optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"list": "q-suggestions", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + Product.Kind.choices)
    field = forms.ModelChoiceField(
        label=_("Field of education"),
        required=False,
        to_field_name="code",
        queryset=FieldOfEducation.objects.exclude(level=FieldOfEducation.Level.DETAILED),
        empty_label=_("any"),
    )
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ANY + [(level, str(level)) for level in range(1, 9)],
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=ANY + LANGUAGES)
    mode = forms.ChoiceField(
        label=_("Delivery mode"), required=False, choices=ANY + Product.Mode.choices
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        to_field_name="slug",
        empty_label=_("any"),
        queryset=Organization.objects.filter(product_ownerships__isnull=False).distinct(),
    )
    stage = forms.ChoiceField(
        label=_("Lifecycle stage"), required=False, choices=ANY + Product.Stage.choices
    )
    priority_area = GroupedModelChoiceField(
        label=_("Priority area"),
        required=False,
        queryset=PriorityArea.objects.all(),
        group_by="list",
        groups=PriorityArea.List.choices,
        empty_label=_("any"),
    )
    availability = forms.ChoiceField(
        label=_("Availability"), required=False, choices=ANY + Availability.choices
    )
    price = forms.ChoiceField(
        label=_("Price"),
        required=False,
        choices=ANY + [("free", _("free")), ("paid", _("paid"))],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        """The facets and orders other apps register (core.facets) join the catalog's own."""
        super().__init__(*args, **kwargs)
        self.extra = [facet.name for facet in facets.facets_of(ENTITY)]
        for facet in facets.facets_of(ENTITY):
            self.fields[facet.name] = forms.ChoiceField(
                label=facet.label, required=False, choices=ANY + facet.choices()
            )
        sort = self.fields["sort"]
        sort.choices = SORT_CHOICES + [  # type: ignore[attr-defined]
            (order.name, order.label) for order in facets.orders_of(ENTITY)
        ]
        names = [name for name in self.fields if name != "sort"]
        self.order_fields([*names, "sort"])

    def filters(self) -> CatalogQuery:
        if not self.is_valid():
            return CatalogQuery()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        extra = tuple((name, data.pop(name)) for name in self.extra if name in data)
        if "field" in data:
            data["field"] = data["field"].code
        if "owner" in data:
            data["owner"] = data["owner"].slug
        if "priority_area" in data:
            data["priority_area"] = data["priority_area"].pk
        return CatalogQuery(query=data.pop("q", ""), extra=extra, **data)


CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class ProductForm(forms.ModelForm):
    """What a member describes; learning outcomes are one per line, in either language."""

    outcomes = forms.CharField(
        label=_("Learning outcomes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One statement per line, in Russian or English."),
    )
    priority_areas = GroupedModelMultipleChoiceField(
        label=_("Priority areas"),
        required=False,
        queryset=PriorityArea.objects.all(),
        group_by="list",
        groups=PriorityArea.List.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("Languages of instruction"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. ru, en."),
    )
    version = version_field()
    stage = forms.ChoiceField(
        label=_("Lifecycle stage"),
        choices=Product.Stage.choices,
        required=False,  # left out: unchanged
        initial=Product.Stage.IDEA,
        help_text=_("A change is recorded in the lifecycle history as reached today."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Co-owners (partners)"),
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Admitted members that own the product with the lead; their editors edit it."),
    )

    class Meta:
        model = Product
        fields = [
            "kind",
            "title_ru",
            "title_en",
            "summary_ru",
            "summary_en",
            "description_ru",
            "description_en",
            "field",
            "priority_areas",
            "eqf_level",
            "isced_level",
            "mode",
            "duration_hours",
            "duration_months",
            "ects_credits",
            "is_free",
            "price",
            "currency",
            "target_audience_ru",
            "target_audience_en",
            "entry_requirements_ru",
            "entry_requirements_en",
            "certificate_ru",
            "certificate_en",
        ]
        widgets = {
            "summary_ru": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, pending: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["outcomes"] = "\n".join(o.text for o in self.instance.outcomes.all())
            self.initial["languages"] = ", ".join(self.instance.languages)
            self.initial["version"] = self.instance.version
        else:
            del self.fields["version"]
        self._owners_init()
        if pending:
            self._show_pending(pending)

    def _show_pending(self, pending: dict) -> None:
        """A published product's editors go on from the changes waiting for review (a revision's
        JSON), not from the live version: saving the form keeps them."""
        for name, value in pending.items():
            if name == "outcomes":
                self.initial[name] = "\n".join(text for text, _language in value)
            elif name == "languages":
                self.initial[name] = ", ".join(value)
            elif name == "field":
                found = FieldOfEducation.objects.filter(code=value).first() if value else None
                self.initial[name] = found.pk if found else None
            elif name in self.fields:
                self.initial[name] = value

    def _owners_init(self) -> None:
        partners = self.fields["partners"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        product = self.instance if self.instance.pk else None
        candidates = partner_candidates(product=product)
        if product is not None:
            ownerships = product.ownerships.all()
            candidates = candidates.exclude(
                pk__in=ownerships.filter(role="lead").values("organization")
            )
            self.initial["partners"] = list(
                ownerships.exclude(role="lead").values_list("organization", flat=True)
            )
            self.initial["stage"] = product.stage
        partners.queryset = candidates

    def owners_read_only(self) -> None:
        """Partners' editors see the co-owners but do not change them (the lead's rule)."""
        self.fields["partners"].disabled = True

    def extras(self) -> dict:
        """The stage and the partners, which their own services set (None: partners unchanged)."""
        partners = None if self.fields["partners"].disabled else self.cleaned_data["partners"]
        return {"stage": self.cleaned_data["stage"], "partners": partners}

    def _post_clean(self) -> None:
        pass  # the service validates the model with the user's rights

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",")]
        return [code for code in codes if code]

    def outcome_list(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["outcomes"].splitlines()]
        return [(line, "ru" if CYRILLIC.search(line) else "en") for line in lines if line]

    def expected_version(self) -> int | None:
        """The version the form was shown at (None when the post does not say)."""
        return self.cleaned_data.get("version")

    def product_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()} | {
            "languages": self.cleaned_data["languages"]
        }


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferingForm(forms.ModelForm):
    """A dated run of a product, on the product page."""

    class Meta:
        model = Offering
        fields = [
            "starts_on",
            "ends_on",
            "enrolment_deadline",
            "is_online",
            "place",
            "language",
            "seats",
            "enrolled",
            "price_override",
            "enrolment_url",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "enrolment_deadline": DATE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.widget = forms.Select(choices=[("", "—"), *LANGUAGES])

    def _post_clean(self) -> None:
        pass  # the service validates the run with the product it belongs to

    def offering_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class EnquiryForm(forms.ModelForm):
    """A visitor's question to a product's owners, about the product or one of its runs."""

    offering = forms.ModelChoiceField(
        label=_("Run"), required=False, queryset=Offering.objects.none(), widget=forms.HiddenInput
    )

    class Meta:
        model = Enquiry
        fields = ["name", "email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 5000})}

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offering = self.fields["offering"]
        assert isinstance(offering, forms.ModelChoiceField)
        self._runs = product.offerings.filter(cancelled_at__isnull=True)
        offering.queryset = self._runs
        if self.run is not None and not self.is_bound:
            # Chosen from the runs table, far above: the form comes into view ready to type in.
            self.fields["name"].widget.attrs["autofocus"] = True

    @cached_property
    def run(self) -> Offering | None:
        """The run the question is about, as chosen (unbound) or sent (bound); None if none."""
        value = str(self["offering"].value() or "")
        if not value.isdigit():
            return None
        return self._runs.filter(pk=int(value)).first()

    def clean(self) -> dict | None:
        cleaned = super().clean()
        if self.has_error("offering"):  # a hidden field: say it where the person reads
            del self.errors["offering"]
            self.add_error(None, _("This run takes no enquiries now; ask about the product."))
        return cleaned

    def _post_clean(self) -> None:
        pass  # the service stores it, after the rate limit


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
        choices=[
            ("submit", _("Submit for review")),
            ("publish", _("Publish")),
            ("return", _("Return to the editors")),
            ("archive", _("Archive")),
        ]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)


class RevisionDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve the changes")), ("return", _("Return the changes"))]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)


class ImportForm(forms.Form):
    """A catalog file to preview, then import."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX in the catalog layout, ELM v3 JSON-LD, or a CASE 1.1 package."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("by the file name")), *ImportRun.Format.choices],
    )
    owner = forms.ModelChoiceField(
        label=_("Owner of rows that name none"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("none: every row names its owners"),
        help_text=_("The default for rows whose owners column is empty."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding (CSV)"), choices=[("utf-8", "UTF-8"), ("cp1251", "Windows-1251")]
    )
    source_system = forms.CharField(
        label=_("Source system"),
        required=False,
        max_length=100,
        help_text=_("Where the records come from (with their ids, the import key)."),
    )
    publish = forms.BooleanField(label=_("Publish new products"), required=False)

    def __init__(self, *args, organizations, operator: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = organizations
        if not operator:
            del self.fields["publish"]
            only = list(organizations[:2])
            if len(only) == 1:  # an editor of one organization imports that one's products
                owner.initial = only[0]
