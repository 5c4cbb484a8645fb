from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts import selectors, services
from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.forms import TokenForm
from edcluster.core.forms import add_service_errors


def _profile_page(
    request: AuthenticatedHttpRequest, *, form: TokenForm, secret: str = ""
) -> HttpResponse:
    return TemplateResponse(
        request,
        "accounts/profile.html",
        {
            "memberships": selectors.user_memberships(user=request.user),
            "tokens": selectors.api_token_list(user=request.user),
            "form": form,
            "new_secret": secret,
        },
        status=400 if form.errors else 200,
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your account: roles, organizations, API tokens."""
    return _profile_page(request, form=TokenForm())


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a token and show its secret this once."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, secret = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"] or services.TOKEN_DEFAULT_DAYS,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _profile_page(request, form=TokenForm(), secret=secret)
    return _profile_page(request, form=form)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of your tokens."""
    token = selectors.access_api_token(user=request.user, token_id=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
