"""Mail the catalog sends: a visitor's enquiry to the product's lead owner's editors."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.catalog.models import Enquiry, ProductOwner
from edcluster.core.mail import in_both_languages


def enquiry_recipients(enquiry: Enquiry) -> list[str]:
    """The active administrators and editors of the product's lead owner."""
    lead = ProductOwner.objects.filter(product=enquiry.product_id, role=ProductOwner.Role.LEAD)
    return sorted(
        set(
            Membership.objects.filter(
                organization__in=lead.values("organization"),
                role__in=EDITING_ROLES,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


def enquiry_mail(*, enquiry_id: int) -> int:
    """Send the enquiry, the visitor's address as Reply-To; the visitor's own words once, after
    the introduction in Russian and English (the editors' language is not known)."""
    enquiry = Enquiry.objects.select_related("product", "offering").filter(pk=enquiry_id).first()
    recipients = enquiry_recipients(enquiry) if enquiry else []
    if enquiry is None or not recipients:
        return 0
    base = getattr(settings, "SITE_URL", "")

    def render() -> tuple[str, str]:
        link = base + reverse("catalog:product", kwargs={"slug": enquiry.product.slug})
        names = {"product": enquiry.product.title, "name": enquiry.name, "email": enquiry.email}
        lines = [
            _("%(name)s (%(email)s) asks about «%(product)s».") % names,
            _(
                "Answer by replying to this mail; then mark the enquiry answered on the page: "
                "%(link)s"
            )
            % {"link": link},
        ]
        if enquiry.offering is not None:
            lines.insert(
                1,
                _("About the run starting on %(date)s.")
                % {"date": enquiry.offering.starts_on.isoformat()},
            )
        return _("Enquiry about «%(product)s»") % names, "\n".join(lines)

    subject, introduction = in_both_languages(render)
    subject = " ".join(subject.split())  # a title is one line in a header, whatever was typed
    body = f"{introduction}\n\n———\n\n{enquiry.message}\n"
    mail = EmailMessage(subject, body, None, recipients, reply_to=[enquiry.email])
    return mail.send() and len(recipients)
