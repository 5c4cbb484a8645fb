"""Parsing of the partnerships pages' input; the services check and write."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from edcluster.organizations.models import Organization, OrganizationUnit
from edcluster.partnerships.country_groups import GROUPS
from edcluster.partnerships.models import Agreement, AgreementParty, CooperationCondition
from edcluster.partnerships.selectors import FOREIGN_KINDS, MEMBER_STATUSES, keeper_candidates
from edcluster.partnerships.selectors.country_map import MapFilters

FOREIGN = [
    (Organization.Kind.FOREIGN_UNIVERSITY, Organization.Kind.FOREIGN_UNIVERSITY.label),
    (Organization.Kind.FOREIGN_ORGANIZATION, Organization.Kind.FOREIGN_ORGANIZATION.label),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _search() -> forms.CharField:
    return forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class PartnerFilterForm(forms.Form):
    q = _search()
    group = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("anywhere")), *GROUPS.items()]
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"query": self.cleaned_data["q"], "group": self.cleaned_data["group"]}


class PartnerForm(forms.Form):
    name_en = forms.CharField(label=_("name (English)"), max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=300, required=False)
    short_name = forms.CharField(label=_("short name (Russian)"), max_length=60, required=False)
    short_name_en = forms.CharField(label=_("short name (English)"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=FOREIGN)
    country = CountryField().formfield(label=_("country"))
    city = forms.CharField(label=_("city"), max_length=120, required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    internet_domain = forms.CharField(
        label=_("SCHAC id (internet domain)"),
        max_length=253,
        required=False,
        help_text=_("The organization's internet domain, e.g. jlu.edu.cn: its id in EWP."),
    )
    erasmus_code = forms.CharField(label=_("Erasmus code"), max_length=20, required=False)
    pic = forms.CharField(label=_("PIC"), max_length=9, required=False)

    def identity(self) -> dict:
        data = dict(self.cleaned_data)
        data["internet_domain"] = data["internet_domain"].strip().lower()
        data["name_ru"] = data["name_ru"] or data["name_en"]
        return data


class UnitForm(forms.Form):
    unit_id = forms.CharField(label=_("unit id"), max_length=64)
    name_en = forms.CharField(label=_("name (English)"), max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=300, required=False)
    code = forms.CharField(label=_("unit code"), max_length=64, required=False)


class ContactForm(forms.Form):
    role = forms.CharField(label=_("role"), max_length=200)
    name = forms.CharField(label=pgettext_lazy("name of a person", "name"), max_length=200)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)


class AgreementFilterForm(forms.Form):
    q = _search()
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any kind")), *Agreement.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *Agreement.Status.choices],
    )
    group = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("anywhere")), *GROUPS.items()]
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "status": data["status"],
            "group": data["group"],
        }


class AgreementEditForm(forms.Form):
    code = forms.CharField(
        label=_("code"), max_length=64, help_text=_("The agreement's number (iia-code).")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Agreement.Kind.choices)
    title_ru = forms.CharField(label=_("title (Russian)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=DATE)
    pdf = forms.FileField(label=_("signed text (PDF)"), required=False)


class AgreementForm(AgreementEditForm):
    owner = forms.ModelChoiceField(label=_("kept by"), queryset=Organization.objects.none())
    partners = forms.ModelMultipleChoiceField(
        label=_("foreign partners"),
        queryset=Organization.objects.filter(kind__in=[kind for kind, _label in FOREIGN]).order_by(
            "name_en"
        ),
        required=False,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("other members"),
        queryset=Organization.objects.filter(status=Organization.Status.ADMITTED)
        .exclude(kind__in=[kind for kind, _label in FOREIGN])
        .order_by("name_ru"),
        required=False,
    )

    field_order = ["owner", "partners", "members", "code", "kind"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owners = keeper_candidates(user=user).order_by("name_ru")
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ConditionForm(forms.Form):
    type = forms.ChoiceField(label=_("type"), choices=CooperationCondition.Type.choices)
    sending_party = forms.ModelChoiceField(
        label=_("sending"), queryset=AgreementParty.objects.none()
    )
    sending_unit = forms.ModelChoiceField(
        label=_("sending unit"), queryset=OrganizationUnit.objects.none(), required=False
    )
    receiving_party = forms.ModelChoiceField(
        label=_("receiving"), queryset=AgreementParty.objects.none()
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("receiving unit"), queryset=OrganizationUnit.objects.none(), required=False
    )
    first_year = forms.CharField(
        label=_("first academic year"), max_length=20, help_text=_("YYYY/YYYY")
    )
    last_year = forms.CharField(
        label=_("last academic year"), max_length=20, help_text=_("YYYY/YYYY")
    )
    mobilities_per_year = forms.IntegerField(label=_("mobilities per year"), max_value=100_000)
    total_per_year = forms.DecimalField(
        label=_("total months (students) or days (staff) per year"),
        max_digits=7,
        decimal_places=1,
        min_value=0,
    )
    subject_areas = forms.CharField(
        label=_("subject areas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: a four-digit ISCED-F code, then a clarification, e.g. 0533 Physics."
        ),
    )
    eqf_levels = forms.TypedMultipleChoiceField(
        label=_("EQF levels (student studies only)"),
        required=False,
        coerce=int,
        choices=[(level, str(level)) for level in range(5, 9)],
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("language skills"),
        required=False,
        max_length=500,
        help_text=_("ISO 639-1 code and CEFR level, comma-separated, e.g. en B2, ru B1."),
    )
    blended = forms.BooleanField(label=_("blended mobility"), required=False)
    other_terms = forms.CharField(
        label=_("other terms"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreement: Agreement, parties: list | None = None, **kwargs) -> None:
        """`parties`: the agreement's parties with their organizations when already read (the
        agreement page): the choices are rendered from them and the units read once."""
        super().__init__(*args, **kwargs)
        queryset = agreement.parties.select_related("organization")
        units = OrganizationUnit.objects.filter(
            organization__agreement_parties__agreement=agreement
        )
        for side in ("sending", "receiving"):
            self.fields[f"{side}_party"].queryset = queryset  # type: ignore[attr-defined]
            self.fields[f"{side}_unit"].queryset = units  # type: ignore[attr-defined]
        if parties is not None:  # the widgets' choices from rows in hand, not a query each
            unit_rows = list(units)
            for side, rows in (("party", parties), ("unit", unit_rows)):
                for direction in ("sending", "receiving"):
                    field = self.fields[f"{direction}_{side}"]
                    label = field.empty_label  # type: ignore[attr-defined]
                    empty = [] if label is None else [("", label)]
                    field.widget.choices = empty + [(row.pk, str(row)) for row in rows]  # type: ignore[attr-defined]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        areas = []
        for line in data["subject_areas"].splitlines():
            if line.strip():
                code, _space, clarification = line.strip().partition(" ")
                areas.append({"code": code, "clarification": clarification.strip()})
        data["subject_areas"] = areas
        languages = []
        for item in data["languages"].split(","):
            if item.strip():
                language, _space, cefr = item.strip().partition(" ")
                languages.append({"language": language, "cefr": cefr.strip()})
        data["languages"] = languages
        return data

    @staticmethod
    def initial_of(condition: CooperationCondition) -> dict:
        """The form's fields from a condition, to edit it."""
        return {
            **{
                name: getattr(condition, name)
                for name in (
                    "type",
                    "first_year",
                    "last_year",
                    "mobilities_per_year",
                    "total_per_year",
                    "eqf_levels",
                    "blended",
                    "other_terms",
                )
            },
            **{
                name: getattr(condition, f"{name}_id")
                for name in ("sending_party", "sending_unit", "receiving_party", "receiving_unit")
            },
            "subject_areas": "\n".join(
                f"{area['code']} {area['clarification']}".strip()
                for area in condition.subject_areas
            ),
            "languages": ", ".join(
                f"{item['language']} {item['cefr']}" for item in condition.languages
            ),
        }


class SignForm(forms.Form):
    party = forms.ModelChoiceField(label=_("for"), queryset=AgreementParty.objects.none())
    signer_name = forms.CharField(label=_("signer"), max_length=200)
    signer_role = forms.CharField(label=_("signer's position"), max_length=200, required=False)
    signer_email = forms.EmailField(label=_("signer's e-mail"), required=False)
    signed_on = forms.DateField(label=_("signed on"), widget=DATE)
    version_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, parties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = AgreementParty.objects.filter(  # type: ignore[attr-defined]
            pk__in=[party.pk for party in parties]
        ).select_related("organization")


class RecordSignatureForm(SignForm):
    pdf = forms.FileField(label=_("signed copy (PDF)"))


class AmendForm(forms.Form):
    note = forms.CharField(
        label=_("what changes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TerminateForm(forms.Form):
    on = forms.DateField(label=_("terminated on"), widget=DATE)
    reason = forms.CharField(
        label=_("reason for termination"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuotaForm(forms.Form):
    academic_year = forms.CharField(label=_("academic year"), max_length=20)
    used = forms.IntegerField(label=_("mobilities used"), min_value=0, max_value=100_000)


def _keepers() -> list[tuple[str, str]]:
    """Every member that may keep agreements (admitted or suspended), with agreements or not
    yet: a member with none is a choice whose map is empty, not a missing one."""
    keepers = Organization.objects.filter(status__in=MEMBER_STATUSES).exclude(
        kind__in=FOREIGN_KINDS
    )
    return [(keeper.slug, str(keeper)) for keeper in keepers.order_by("name_ru", "pk")]


class MapFilterForm(forms.Form):
    """The map's filters (page and API) and, on the page, the figure the map colours by."""

    group = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("anywhere")), *GROUPS.items()]
    )
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        required=False,
        choices=[("", _("any kind")), *Agreement.Kind.choices],
    )
    member = forms.ChoiceField(label=_("Keeping member"), required=False)
    year = forms.IntegerField(
        label=_("Valid in year"), required=False, min_value=1990, max_value=2100
    )
    figure = forms.ChoiceField(label=_("The map shows"), required=False)

    def __init__(self, *args, figures: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = [("", _("any member")), *_keepers()]
        figure = self.fields["figure"]
        if figures:
            assert isinstance(figure, forms.ChoiceField)
            figure.choices = [(c.key, c.label) for c in figures]
        else:
            del self.fields["figure"]

    def filters(self) -> MapFilters:
        if not self.is_valid():
            return MapFilters()
        data = self.cleaned_data
        return MapFilters(data["group"], data["kind"], data["member"], data["year"])
