"""A would-be applicant from abroad makes their own account: the sign-up page, then "check
your mail" (the same page whether the address was taken or not). The mailed link opens the
account (accounts' `confirm`) and leads to signing in where they were going (`next`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from edcluster.accounts.services import safe_next_path
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import client_address, page_status
from edcluster.mobility import services
from edcluster.mobility.forms_signup import SignUpForm


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Names in Latin as in the passport, e-mail, password twice; signed in: the intakes."""
    if request.user.is_authenticated:
        return redirect("mobility:home")
    form = SignUpForm(
        request.POST or None, initial={"next": safe_next_path(request.GET.get("next", ""))}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.applicant_sign_up(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                address=client_address(request),
                next_path=data["next"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context = {
                "sent_to": data["email"],
                "days": max(1, settings.ACCOUNT_CONFIRM_SECONDS // 86400),
            }
            return TemplateResponse(request, "mobility/signup.html", context)
    next_path = safe_next_path(form["next"].value()) or reverse("mobility:home")
    context = {"form": form, "next": next_path}
    return TemplateResponse(request, "mobility/signup.html", context, status=page_status(form))
