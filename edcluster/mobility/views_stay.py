"""The stay's part of the case page: the bed offered (the office offers, the applicant
answers) and the buddy (the office assigns one of the suggested, the applicant sees them)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.mobility import forms_stay, selectors, services
from edcluster.mobility.models import Application
from edcluster.mobility.views import case_page


def _done(request, application: Application) -> HttpResponse:
    if request.htmx:
        return case_page(request, application)
    return redirect(reverse("mobility:application", args=[application.pk]) + "#stay")


def _again(request, application: Application, key: str, form) -> HttpResponse:
    return case_page(request, application, bound={key: form}, status=400)


@login_required
@require_POST
def offer(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The office offers a bed (or offers another)."""
    application = selectors.access_application(
        user=request.user, application_id=application_id, for_write=True
    )
    dormitories = list(selectors.dormitories_of(host_id=application.host_id))
    form = forms_stay.OfferForm(request.POST, dormitories=dormitories)
    if form.is_valid():
        try:
            services.accommodation_offer(
                application=application,
                actor=request.user,
                dormitory_id=form.cleaned_data["dormitory"],
                room=form.cleaned_data["room"],
                from_date=form.cleaned_data["from_date"],
                until_date=form.cleaned_data["until_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application)
    return _again(request, application, "offer", form)


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The applicant accepts or declines the bed offered."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    if application.applicant_id != request.user.pk:
        raise PermissionDenied
    form = forms_stay.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.accommodation_answer(
                application=application,
                actor=request.user,
                accept=form.cleaned_data["answer"] == "accept",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application)
    return _again(request, application, "answer", form)


@login_required
@require_POST
def buddy(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The office assigns one of the suggested buddies."""
    application = selectors.access_application(
        user=request.user, application_id=application_id, for_write=True
    )
    form = forms_stay.BuddyForm(request.POST, suggestions=selectors.buddy_suggestions(application))
    if form.is_valid():
        try:
            services.buddy_assign(
                application=application,
                actor=request.user,
                buddy_id=form.cleaned_data["buddy_id"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, application)
    return _again(request, application, "buddy", form)
