"""Parsing of the sales pages' input: a new order, its buyer, sellers, a line, a status move,
a payment, the list's filters. No writes."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_countries import countries

from edcluster.catalog.models import Offering, Product
from edcluster.organizations.models import Organization
from edcluster.sales.models import Document, Licence, Line, Order
from edcluster.sales.services import buyer_fields


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Number or buyer"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any"))] + list(Order.Status.choices),
    )
    side = forms.ChoiceField(
        label=gettext_lazy("Role in the order"),
        required=False,
        choices=[
            ("", gettext_lazy("selling or buying")),
            ("selling", gettext_lazy("selling")),
            ("buying", gettext_lazy("buying")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"query": data["q"], "status": data["status"], "side": data["side"]}


class BuyerForm(forms.Form):
    buyer_kind = forms.ChoiceField(label=gettext_lazy("Buyer"), choices=Order.BuyerKind.choices)
    buyer_organization = forms.ModelChoiceField(
        label=gettext_lazy("Buying organization (here)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    buyer_name = forms.CharField(
        label=gettext_lazy("Buyer's name (external)"), required=False, max_length=300
    )
    buyer_country = forms.ChoiceField(
        label=gettext_lazy("Buyer's country (external)"),
        choices=[("", "—")] + list(countries),
        required=False,
    )
    buyer_region = forms.CharField(
        label=gettext_lazy("Buyer's region (external)"), required=False, max_length=120
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
        self.fields["buyer_organization"].queryset = admitted.order_by("name_ru")  # type: ignore[attr-defined]

    def buyer(self) -> dict:
        """The buyer as the service takes it (a ValidationError naming the field)."""
        data = self.cleaned_data
        return buyer_fields(
            kind=data["buyer_kind"],
            organization=data.get("buyer_organization"),
            name=data.get("buyer_name", ""),
            country=data.get("buyer_country", ""),
            region=data.get("buyer_region", ""),
        )


class NewOrderForm(BuyerForm):
    seller = forms.ModelChoiceField(
        label=gettext_lazy("Seller"), queryset=Organization.objects.none()
    )
    product: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Product"),
        queryset=Product.objects.none(),
        required=False,
        help_text=gettext_lazy("Its owners become the sellers, with equal shares."),
    )
    number = forms.CharField(
        label=pgettext_lazy("sales order", "Order number"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Left empty, the year and a serial number."),
    )
    on = forms.DateField(label=gettext_lazy("Date of the quote"), initial=timezone.localdate)

    field_order = ["seller", "product", "number", "on"]

    def __init__(self, *args, sellers, products, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = sellers  # type: ignore[attr-defined]
        self.fields["product"].queryset = products  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        product, seller = data.get("product"), data.get("seller")
        if product and seller and not product.owners.filter(pk=seller.pk).exists():
            self.add_error("product", _("The seller does not own this product."))
        return data


class NoteForm(BuyerForm):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=5000, widget=forms.Textarea
    )


class SellersForm(forms.Form):
    sellers = forms.CharField(
        label=gettext_lazy("Sellers and shares"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("One a line: the member's short address and its share in %."),
    )

    def clean_sellers(self) -> list[tuple[Organization, Decimal]]:
        found = []
        for number, text in enumerate(self.cleaned_data["sellers"].splitlines(), start=1):
            if not text.strip():
                continue
            slug, _sep, share = text.strip().rpartition(" ")
            organization = Organization.objects.filter(slug=slug.strip()).first()
            try:
                amount = Decimal(share.replace(",", "."))
            except InvalidOperation:
                amount = None
            if organization is None or amount is None:
                raise ValidationError(
                    _("Line %(number)d: write a short address and a share, e.g. «tsu 70».")
                    % {"number": number}
                )
            found.append((organization, amount))
        return found


class LineForm(forms.Form):
    product: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Product"), queryset=Product.objects.none()
    )
    offering: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Offering"), queryset=Offering.objects.none(), required=False
    )
    quantity = forms.DecimalField(label=gettext_lazy("Quantity"), max_digits=12, decimal_places=2)
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=Line.Unit.choices)
    unit_price = forms.DecimalField(
        label=gettext_lazy("Unit price"), max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3, initial="RUB")

    def __init__(self, *args, products, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products  # type: ignore[attr-defined]
        offerings = Offering.objects.filter(product__in=products).select_related("product")
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    on = forms.DateField(label=gettext_lazy("Date of the change"), initial=timezone.localdate)

    def __init__(self, *args, moves, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (move, Order.Status(move).label) for move in moves
        ]


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), initial=timezone.localdate)
    amount = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3, initial="RUB")

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", gettext_lazy("all years"))] + [  # type: ignore[attr-defined]
            (year, year) for year in years
        ]


class LicenceForm(forms.Form):
    """A licence's terms; the product is chosen only when the licence is new."""

    product: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Product"), queryset=Product.objects.none()
    )
    licensee_organization = forms.ModelChoiceField(
        label=gettext_lazy("Licensee (a member here)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    licensee_name = forms.CharField(
        label=gettext_lazy("Licensee's name (external)"), required=False, max_length=300
    )
    countries = forms.MultipleChoiceField(
        label=gettext_lazy("Countries"),
        choices=list(countries),
        required=False,
        help_text=gettext_lazy("The whole country; for regions of Russia use the next field."),
    )
    regions = forms.CharField(
        label=gettext_lazy("Regions of Russia"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One a line, e.g. «Алтайский край»."),
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts on"))
    ends_on = forms.DateField(label=gettext_lazy("Ends on"))
    lump_sum = forms.DecimalField(
        label=gettext_lazy("Lump sum"), required=False, max_digits=16, decimal_places=2
    )
    per_learner = forms.DecimalField(
        label=gettext_lazy("Fee per learner"), required=False, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(label=gettext_lazy("Currency"), max_length=3, initial="RUB")
    learner_cap = forms.IntegerField(
        label=gettext_lazy("Learner cap"), required=False, min_value=0, max_value=10_000_000
    )

    def __init__(self, *args, products=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if products is None:
            del self.fields["product"]
        else:
            self.fields["product"].queryset = products  # type: ignore[attr-defined]
        admitted = Organization.objects.filter(status=Organization.Status.ADMITTED)
        self.fields["licensee_organization"].queryset = admitted.order_by("name_ru")  # type: ignore[attr-defined]

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean_regions(self) -> list[str]:
        lines = self.cleaned_data["regions"].splitlines()
        return [line.strip() for line in lines if line.strip()]

    def terms(self) -> dict:
        """The fields as the licence services take them (the product apart)."""
        data = dict(self.cleaned_data)
        data.pop("product", None)
        data["licensee_name"] = data.get("licensee_name") or ""
        return data


class LicenceDateForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), initial=timezone.localdate)


class LicenceFilterForm(forms.Form):
    side = forms.ChoiceField(
        label=gettext_lazy("Role in the licence"),
        required=False,
        choices=[
            ("", gettext_lazy("licensor or licensee")),
            ("licensor", gettext_lazy("licensor (our product)")),
            ("licensee", gettext_lazy("licensee")),
        ],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any"))] + list(Licence.Status.choices),
    )

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class TrainingOrderForm(forms.Form):
    """An employer's order of training from a product's page."""

    buyer = forms.ModelChoiceField(
        label=gettext_lazy("Ordering organization"), queryset=Organization.objects.none()
    )
    offering: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Run"),
        queryset=Offering.objects.none(),
        required=False,
        empty_label=gettext_lazy("any run, or one arranged for us"),
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Number of learners"), min_value=1, max_digits=12, decimal_places=0
    )
    note = forms.CharField(
        label=gettext_lazy("What you need"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Dates, place, language, what your staff should learn."),
    )

    def __init__(self, *args, buyers, offerings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers  # type: ignore[attr-defined]
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]
        if buyers.count() == 1:
            self.fields["buyer"].initial = buyers.first()


class PublishForm(forms.Form):
    year = forms.IntegerField(min_value=1990, max_value=2100)
    take_back = forms.BooleanField(required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("A PDF of at most 2 MB.")
    )
