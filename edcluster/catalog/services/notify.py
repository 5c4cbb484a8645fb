"""The mail of an operator's decision on a published product's pending changes, to the
owners' editors, in both languages."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.catalog.models import ProductRevision
from edcluster.core.mail import in_both_languages


def revision_notify(*, revision_id: int) -> int:
    """Mail the administrators and editors of every owner that the changes were approved or
    returned (with the reason); returns the number of mails sent."""
    revision = ProductRevision.objects.select_related("product").get(pk=revision_id)
    if revision.status == ProductRevision.Status.PENDING:
        return 0
    recipients = sorted(
        set(
            Membership.objects.filter(
                organization__product_ownerships__product=revision.product,
                role__in=EDITING_ROLES,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    link = getattr(settings, "SITE_URL", "") + reverse(
        "catalog:product", kwargs={"slug": revision.product.slug}
    )

    def render() -> tuple[str, str]:
        names = {"product": revision.product.title, "link": link}
        if revision.status == ProductRevision.Status.APPROVED:
            subject = _("Your changes to %(product)s are published") % names
            body = _("An operator approved the changes; the catalog shows them: %(link)s") % names
        else:
            subject = _("Your changes to %(product)s were returned") % names
            body = _(
                "An operator returned the changes; the catalog still shows the previous "
                "version.\nReason: %(reason)s\n\nSee the product: %(link)s"
            ) % (names | {"reason": revision.comment})
        return subject, body

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, recipients)
