"""Mails about a person's own account; each task takes ids and is safe to run twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from edcluster.core.mail import in_both_languages


@task()
def send_confirmation(*, user_id: int, next_path: str = "") -> int:
    """Mail a newly registered person the link that confirms their address; a safe
    `next_path` (where they were going) rides on it."""
    from edcluster.accounts.models import User
    from edcluster.accounts.services import account_confirm_token, safe_next_path

    user = User.objects.get(pk=user_id)
    if user.is_active:
        return 0
    link = settings.SITE_URL + reverse(
        "accounts:confirm", kwargs={"token": account_confirm_token(user=user)}
    )
    if next_path := safe_next_path(next_path):
        link += "?" + urlencode({"next": next_path})
    days = max(1, settings.ACCOUNT_CONFIRM_SECONDS // 86400)

    def render() -> tuple[str, str]:
        return (
            _("Confirm your e-mail address on edcluster"),
            _(
                "Follow this link to confirm your address and open your account "
                "(it works for %(days)d days): %(link)s\n"
                "If you did not register, ignore this mail."
            )
            % {"link": link, "days": days},
        )

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, [user.email])


@task()
def notify_address_taken(*, user_id: int) -> int:
    """Tell the owner of an address that someone tried to register with it."""
    from edcluster.accounts.models import User

    user = User.objects.get(pk=user_id)
    link = settings.SITE_URL + reverse("accounts:password_reset")

    def render() -> tuple[str, str]:
        return (
            _("Someone tried to register with your address"),
            _(
                "Someone tried to register on edcluster with your address, which already has "
                "an account. If it was you, sign in, or set a new password here: %(link)s\n"
                "If it was not, you need do nothing: no account was made."
            )
            % {"link": link},
        )

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, [user.email])
