"""A foreign partner's staff nominate their students' applications under their organization's
agreement conditions (issue 20), and see the cases they have nominated."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.mobility import forms, selectors, services


@login_required
def nominations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The nomination form and the list; only for staff of a partner that sends under some
    condition (404 otherwise)."""
    conditions = list(selectors.partner_conditions(user=request.user)[:200])
    if not conditions:
        raise Http404
    intakes = list(selectors.partner_intakes(conditions=conditions))
    form = forms.PartnerNominateForm(request.POST or None, conditions=conditions, intakes=intakes)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.partner_nominate(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    intake_id=form.cleaned_data["intake_id"],
                    condition_id=form.cleaned_data["condition_id"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("mobility:nominations")
        status = 400
    years_by_host: dict[int, set[str]] = defaultdict(set)
    for intake in intakes:
        years_by_host[intake.host_id].add(services.academic_year_of(intake))
    context = {
        "form": form,
        "conditions": selectors.conditions_use(conditions=conditions, years_by_host=years_by_host),
        "nominated": selectors.partner_nominations(user=request.user)[:200],
    }
    return TemplateResponse(request, "mobility/nominations.html", context, status=status)
