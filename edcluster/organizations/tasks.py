"""Notifications about membership; each task takes ids and is safe to run twice."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from edcluster.core.mail import in_both_languages

SITE_URL = getattr(settings, "SITE_URL", "")


@task()
def notify_application_received(*, organization_id: int) -> int:
    """Tell the operators that an organization applied; returns the number of mails sent."""
    from edcluster.accounts.models import User
    from edcluster.organizations.models import Organization

    organization = Organization.objects.get(pk=organization_id)
    recipients = list(
        User.objects.filter(is_operator=True, is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        return 0

    def render() -> tuple[str, str]:
        link = SITE_URL + reverse("organizations:review")
        return (
            _("New application: %(name)s") % {"name": organization.name},
            _("%(name)s applied to join the cluster. Review it here: %(link)s")
            % {"name": organization.name, "link": link},
        )

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, recipients)


@task()
def notify_status_changed(*, status_change_id: int) -> int:
    """Tell an organization's administrators about a decision on its membership."""
    from edcluster.accounts.models import Membership
    from edcluster.organizations.models import StatusChange

    change = StatusChange.objects.select_related("organization").get(pk=status_change_id)
    recipients = list(
        Membership.objects.filter(
            organization=change.organization, role=Membership.Role.ADMIN, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return 0

    def render() -> tuple[str, str]:
        status = change.get_to_status_display()
        body = _("The membership of %(name)s in the cluster is now: %(status)s.") % {
            "name": change.organization.name,
            "status": status,
        }
        if change.reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": change.reason}
        return _("Membership decision: %(status)s") % {"status": status}, body

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, recipients)


@task()
def send_invitation(*, user_id: int, organization_id: int) -> int:
    """Send a person added to an organization a link to set their password."""
    from edcluster.accounts.models import User
    from edcluster.organizations.models import Organization

    user = User.objects.get(pk=user_id)
    organization = Organization.objects.get(pk=organization_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)

    def render() -> tuple[str, str]:
        link = SITE_URL + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
        return (
            _("You were added to %(name)s on edcluster") % {"name": organization.name},
            _("Set your password to sign in: %(link)s") % {"link": link},
        )

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, [user.email])
