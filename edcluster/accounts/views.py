from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts import selectors, services
from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.forms import TokenForm
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import RateLimit, RateLimited

# Reset requests per client address, and reset mails per account (by the e-mail typed).
RESET_BY_ADDRESS = RateLimit("accounts.password_reset.address", count=10, seconds=3600)
RESET_BY_ACCOUNT = RateLimit("accounts.password_reset.account", count=3, seconds=3600)


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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited: an address that asks too often gets the form again with
    the message; an account gets at most `RESET_BY_ACCOUNT` mails, and a request over it is
    answered like any other (a request for an address without an account looks the same)."""

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        try:
            RESET_BY_ADDRESS.hit(request=self.request, by=("address",))
        except RateLimited as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            RESET_BY_ACCOUNT.hit(key=form.cleaned_data["email"])
        except RateLimited:
            return HttpResponseRedirect(self.get_success_url())  # no mail, the same answer
        return super().form_valid(form)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a new account: it opens the account, once, before it expires. The
    link's `next` (a path on this site, else dropped) is where "Sign in" then leads."""
    try:
        user = services.account_confirm(token=token)
    except ValidationError as error:
        refused = {
            "error": error.messages[0],
            "already": error.code == "confirmed_already",
            "next": services.safe_next_path(request.GET.get("next", "")),
        }
        return TemplateResponse(request, "accounts/confirm.html", refused, status=400)
    context = {
        "confirmed": user,
        "next": services.safe_next_path(request.GET.get("next", "")),
        "member": user.memberships.exists(),
    }
    return TemplateResponse(request, "accounts/confirm.html", context)
