"""Background work of matching; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def link_products(*, product_ids: list[int]) -> dict:
    """Link these products' learning outcomes to skills (where they changed)."""
    from edcluster.matching.linking import products_link

    return products_link(product_ids)


@task()
def notify_offer(*, offer_id: int, status: str) -> int:
    """Mail the other side of an offer's step: the owner's editors when an offer is asked for,
    the employer's editors when one is made or declined, the owner's when the employer decides.
    Returns the number of mails sent (none when the offer has moved on since)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from edcluster.accounts.models import Membership
    from edcluster.accounts.selectors import EDITING_ROLES
    from edcluster.core.mail import in_both_languages
    from edcluster.matching.models import Offer

    offer = Offer.objects.select_related("request__organization", "product", "organization").get(
        pk=offer_id
    )
    if offer.status != status:
        return 0
    to_owner = status in (Offer.Status.ASKED, Offer.Status.ACCEPTED, Offer.Status.NOT_TAKEN)
    organization = offer.organization if to_owner else offer.request.organization
    recipients = list(
        Membership.objects.filter(
            organization=organization, role__in=EDITING_ROLES, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    link = getattr(settings, "SITE_URL", "") + reverse("demand:request", args=[offer.request_id])

    def render() -> tuple[str, str]:
        names = {"product": offer.product.title, "request": offer.request.title,
                 "employer": offer.request.organization.name,
                 "owner": offer.organization.name}  # fmt: skip
        subject = {
            Offer.Status.ASKED: _("%(employer)s asks for an offer of %(product)s"),
            Offer.Status.OFFERED: _("%(owner)s offers %(product)s"),
            Offer.Status.DECLINED: _("%(owner)s declined to offer %(product)s"),
            Offer.Status.ACCEPTED: _("%(employer)s accepted your offer of %(product)s"),
            Offer.Status.NOT_TAKEN: _("%(employer)s did not take your offer of %(product)s"),
        }[Offer.Status(status)] % names
        body = _("Request: %(request)s\n%(text)s\n\nSee it here: %(link)s") % {
            "request": offer.request.title, "link": link,
            "text": offer.answer if status in ("offered", "declined") else
            (offer.question if status == "asked" else offer.decision_note),
        }  # fmt: skip
        return subject, body

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, recipients)


@task()
def refresh_product_demand(*, product_ids: list[int]) -> int:
    """Recount the postings these products' skills are asked for (their skills changed)."""
    from edcluster.matching.reach import product_demand_refresh

    return product_demand_refresh(product_ids)


@task()
def draft_proposals(*, region: str = "", groups: int = 3) -> list[int]:
    """Draft proposals for the skill groups with the most uncovered demand (run on a schedule:
    see `matching_draft_proposals`); returns the new proposals' ids."""
    from edcluster.matching.proposals import proposals_draft_from_gaps

    return [p.pk for p in proposals_draft_from_gaps(region=region, groups=groups)]
