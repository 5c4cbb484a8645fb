"""The daily pass over agreements: statuses brought up to date (an end passed: expired) and the
editors of member parties reminded 90 and 30 days before the end, once each, in both languages."""

import functools
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.core.mail import in_both_languages
from edcluster.core.services import audit_record
from edcluster.partnerships.models import Agreement
from edcluster.partnerships.services.map_summary import map_summary_refresh
from edcluster.partnerships.services.status import agreement_status_refresh

REMINDER_DAYS = (90, 30)


def _recipients(agreement: Agreement) -> list[str]:
    organizations = agreement.parties.values("organization_id")
    return sorted(
        set(
            Membership.objects.filter(
                organization_id__in=organizations, role__in=EDITING_ROLES, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


def _remind(agreement: Agreement, days: int) -> int:
    recipients = _recipients(agreement)
    if not recipients:
        return 0
    link = getattr(settings, "SITE_URL", "") + reverse(
        "partnerships:agreement", args=[agreement.pk]
    )

    def render() -> tuple[str, str]:
        values = {
            "code": agreement.code,
            "days": days,
            "until": agreement.valid_until,
            "link": link,
        }
        return (
            _("Agreement %(code)s ends in %(days)d days") % values,
            _(
                "Agreement %(code)s is valid until %(until)s, %(days)d days from today. "
                "Amend it to extend it, or let it end: %(link)s"
            )
            % values,
        )

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, recipients)


def agreements_expiry(*, today: date | None = None) -> dict[str, int]:
    """Statuses refreshed and reminders mailed; safe to run twice a day."""
    today = today or timezone.localdate()
    counts = {"expired": 0, "reminded": 0, "mails": 0}
    live = Agreement.objects.exclude(
        status__in=[Agreement.Status.TERMINATED, Agreement.Status.EXPIRED]
    )
    for agreement in live.filter(valid_until__isnull=False).order_by("pk"):
        with transaction.atomic():
            changed = agreement_status_refresh(agreement, today=today)
            if changed:
                map_summary_refresh(agreement_ids=[agreement.pk])
            if changed and agreement.status == Agreement.Status.EXPIRED:
                counts["expired"] += 1
                audit_record(actor=None, verb="agreement.expired", target=agreement)
                continue
            left = (agreement.valid_until - today).days  # type: ignore[operator]
            due = [
                days
                for days in REMINDER_DAYS
                if left <= days and days not in agreement.reminded_days
            ]
            if not due or left < 0 or agreement.status != Agreement.Status.IN_EFFECT:
                continue
            # One mail for the nearest threshold; the farther ones count as told.
            agreement.reminded_days = sorted({*agreement.reminded_days, *due})
            agreement.save(update_fields=["reminded_days"])
            nearest = min(due)
            transaction.on_commit(functools.partial(_remind, agreement, nearest))
            counts["reminded"] += 1
    return counts
