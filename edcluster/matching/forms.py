from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edcluster.matching.models import ProductSkill
from edcluster.skills.models import Skill
from edcluster.skills.selectors import skill_named, skill_search


class SkillAddForm(forms.Form):
    skill = forms.CharField(
        label=_("Add a skill"), max_length=300,
        help_text=_("Its name in the taxonomy, in Russian or English."),
    )  # fmt: skip

    def clean_skill(self) -> Skill:
        name = self.cleaned_data["skill"]
        skill = skill_named(name)
        if skill is None:
            close = "; ".join(str(s) for s in skill_search(query=name.strip())[:3])
            message = _("No skill is called “%(name)s”.") % {"name": name.strip()}
            if close:
                message += " " + _("Did you mean: %(close)s?") % {"close": close}
            raise ValidationError(message)
        return skill


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=ProductSkill.Decision.choices, required=False)
