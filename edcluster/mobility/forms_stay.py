"""Parsing of the stay's forms on the case page: a bed offered, the applicant's answer and
the buddy assigned; no writes (services/stay.py writes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from edcluster.mobility.forms import DateInput
from edcluster.mobility.models import Buddy


class OfferForm(forms.Form):
    dormitory = forms.TypedChoiceField(label=_("Dormitory"), coerce=int)
    room = forms.CharField(label=_("Room"), max_length=20)
    from_date = forms.DateField(label=_("From"), widget=DateInput)
    until_date = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(self, *args, dormitories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dormitory"].choices = [  # type: ignore[attr-defined]
            (dormitory.pk, f"{dormitory.name} ({dormitory.address})") for dormitory in dormitories
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )


class BuddyForm(forms.Form):
    buddy_id = forms.TypedChoiceField(label=_("Buddy"), coerce=int)

    def __init__(self, *args, suggestions: list[Buddy], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buddy_id"].choices = [  # type: ignore[attr-defined]
            (buddy.pk, f"{buddy} ({buddy.languages})") for buddy in suggestions
        ]
