"""Work on a case besides its moves: messages between the office and the applicant, the
nomination under an agreement's condition, reviewers' scores, and the applicant's own data
(a JSON download) and the deletion of an ended case."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.mobility import forms, selectors, services
from edcluster.mobility.models import Criterion
from edcluster.mobility.views import case_page


@login_required
@require_POST
def message_post(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = selectors.access_application(user=request.user, application_id=application_id)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                application=application, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("mobility:application", args=[application.pk]) + "#messages")
    return case_page(request, application, bound={"message": form}, status=400)


@login_required
@require_POST
def nominate(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The office (or an operator, past the quota with a reason) names the condition."""
    application = selectors.access_application(
        user=request.user, application_id=application_id, for_write=True
    )
    form = forms.NominateForm(request.POST, host_id=application.host_id)
    if form.is_valid():
        try:
            services.application_nominate(
                application=application,
                actor=request.user,
                condition_id=form.cleaned_data["condition_id"],
                over_quota_reason=form.cleaned_data["over_quota_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("mobility:application", application.pk)
    return case_page(request, application, bound={"nominate": form}, status=400)


@login_required
@require_POST
def score(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """An assigned reviewer's scores on the intake's criteria (each 0–10), all or none."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    if not selectors.reviews_intake(user=request.user, intake_id=application.intake_id):
        raise PermissionDenied
    values, errors = {}, []
    for criterion in Criterion.objects.filter(intake_id=application.intake_id):
        raw = request.POST.get(f"criterion_{criterion.pk}", "").strip()
        if raw.isdigit() and 0 <= int(raw) <= 10:
            values[criterion] = int(raw)
        else:
            errors.append(_("%(criterion)s: a score from 0 to 10.") % {"criterion": criterion})
    if errors:
        return case_page(request, application, bound={"score_errors": errors}, status=400)
    try:
        for criterion, value in values.items():
            services.score_set(
                application=application, criterion=criterion, reviewer=request.user, value=value
            )
    except ValidationError as error:
        return case_page(request, application, bound={"score_errors": error.messages}, status=400)
    return redirect("mobility:application", application.pk)


@login_required
def own_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applicant's own data as a JSON download."""
    data = services.own_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, "my-mobility-data.json")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def erase(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The applicant deletes their ended case (refused, with why, while a duty keeps it)."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    form = forms.EraseForm(request.POST)
    if form.is_valid():
        try:
            services.application_erase(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            return case_page(request, application, status=400, refusal=" ".join(error.messages))
        return redirect("mobility:mine")
    return case_page(request, application, status=400)
