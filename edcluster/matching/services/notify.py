"""The mails of an offer's steps, to the other side's editors, in both languages."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.core.mail import in_both_languages
from edcluster.matching.models import Offer

TO_OWNER = (Offer.Status.ASKED, Offer.Status.ACCEPTED, Offer.Status.NOT_TAKEN)


def offer_notify(*, offer_id: int, status: str) -> int:
    """Mail the other side of an offer's step: the owner's editors when an offer is asked for,
    the employer's editors when one is made or declined, the owner's when the employer decides.
    Returns the number of mails sent (none when the offer has moved on since)."""
    offer = Offer.objects.select_related("request__organization", "product", "organization").get(
        pk=offer_id
    )
    if offer.status != status:
        return 0
    organization = offer.organization if status in TO_OWNER else offer.request.organization
    recipients = list(
        Membership.objects.filter(
            organization=organization, role__in=EDITING_ROLES, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    link = getattr(settings, "SITE_URL", "") + reverse("demand:request", args=[offer.request_id])
    subject, body = in_both_languages(lambda: _mail(offer, status, link))
    return send_mail(subject, body, None, recipients)


def _mail(offer: Offer, status: str, link: str) -> tuple[str, str]:
    """The subject and body in the active language (the link is the same in both)."""
    names = {
        "product": offer.product.title,
        "request": offer.request.title,
        "employer": offer.request.organization.name,
        "owner": offer.organization.name,
    }
    subject = {
        Offer.Status.ASKED: _("%(employer)s asks for an offer of %(product)s"),
        Offer.Status.OFFERED: _("%(owner)s offers %(product)s"),
        Offer.Status.DECLINED: _("%(owner)s declined to offer %(product)s"),
        Offer.Status.ACCEPTED: _("%(employer)s accepted your offer of %(product)s"),
        Offer.Status.NOT_TAKEN: _("%(employer)s did not take your offer of %(product)s"),
    }[Offer.Status(status)] % names
    body = _("Request: %(request)s\n%(text)s\n\nSee it here: %(link)s") % {
        "request": offer.request.title,
        "link": link,
        "text": offer.answer
        if status in ("offered", "declined")
        else (offer.question if status == "asked" else offer.decision_note),
    }
    return subject, body
