"""The dashboard's filters, for its page, downloads and `GET /api/mobility/stats`: an
academic year, a member (among those the viewer may see), a category, a citizenship."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from edcluster.mobility.models import Category
from edcluster.mobility.selectors.dashboard import Filters, dashboard_members

YEAR = re.compile(r"^(\d{4})/(\d{4})$")


class DashboardFilterForm(forms.Form):
    year = forms.CharField(
        label=_("Academic year"),
        required=False,
        max_length=9,
        help_text=_("Of the intake's run, e.g. 2026/2027."),
        widget=forms.TextInput(attrs={"placeholder": "2026/2027", "size": 9}),
    )
    member = forms.ChoiceField(label=_("Member"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("all")), *Category.choices]
    )
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)

    def __init__(self, *args, hosts: list[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = hosts
        self.members = {member.slug: member for member in dashboard_members(hosts=hosts)}
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", _("all") if hosts is None else _("all of mine")),
            *[(slug, member.name) for slug, member in self.members.items()],
        ]
        self.fields["citizenship"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            *[(code, name) for code, name in countries],
        ]

    def offer_citizenships(self, shown: list[tuple[str, str]]) -> None:
        """The select lists the citizenships the figures show (any country is accepted)."""
        self.fields["citizenship"].widget.choices = [("", _("all")), *shown]

    def clean_year(self) -> str:
        year = self.cleaned_data["year"].strip()
        found = YEAR.match(year)
        if year and not (found and int(found.group(2)) == int(found.group(1)) + 1):
            raise forms.ValidationError(
                _("An academic year is written as two years in a row: 2026/2027.")
            )
        return year

    def filters(self) -> Filters:
        """The filters chosen (the viewer's own members when none is); call when valid."""
        data = self.cleaned_data
        hosts = [self.members[data["member"]].pk] if data.get("member") else self.hosts
        return Filters(
            hosts=hosts,
            year=data.get("year", ""),
            category=data.get("category", ""),
            citizenship=data.get("citizenship", ""),
        )
