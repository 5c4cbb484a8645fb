"""The daily deadline scan: the applicant and the host's office are mailed 7, 3 and 1 days
before a deadline and once when it is missed, each reminder once however often it runs."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.core.mail import in_both_languages
from edcluster.mobility.models import Application, DeadlineRule, Reminder
from edcluster.mobility.pipeline import CLOSED
from edcluster.mobility.selectors import (
    Deadline,
    application_deadlines,
    calendar_for,
    visa_free_codes,
)

REMINDER_DAYS = (7, 3, 1)
# What the scan reads of a case and its chain: the deadlines' anchors and the recipients.
SCANNED = (
    "stage",
    "citizenship",
    "planned_arrival",
    "planned_departure",
    "host_id",
    "intake__deadline",
    "applicant__email",
    "arrival__border_date",
    "arrival__medical_done_on",
    "visa__valid_from",
    "visa__valid_to",
    "visa__extension_requested_on",
    "registration__registered_on",
    "invitation__requested_on",
)
BREACH = 0


def _office_emails(host_id: int, cache: dict[int, list[str]]) -> list[str]:
    """The host's editors' addresses, read once a host for a scan."""
    if host_id not in cache:
        cache[host_id] = list(
            Membership.objects.filter(
                organization_id=host_id, role__in=EDITING_ROLES, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return cache[host_id]


def _recipients(application: Application, offices: dict[int, list[str]]) -> list[str]:
    return sorted({application.applicant.email, *_office_emails(application.host_id, offices)})


def _mail(
    application: Application, deadline: Deadline, days: int, offices: dict[int, list[str]]
) -> int:
    link = getattr(settings, "SITE_URL", "") + reverse(
        "mobility:application", args=[application.pk]
    )

    def render() -> tuple[str, str]:
        values = {
            "number": application.pk,
            "what": deadline.label,
            "due": deadline.due_on,
            "days": days,
            "link": link,
        }
        if days == BREACH:
            subject = _("Application %(number)s: a deadline was missed") % values
        else:
            subject = _("Application %(number)s: a deadline in %(days)d days") % values
        body = _("%(what)s: due on %(due)s. The case: %(link)s") % values
        return subject, body

    subject, body = in_both_languages(render)
    return send_mail(subject, body, None, _recipients(application, offices))


def _due_reminder(deadline: Deadline, today: date) -> int | None:
    left = (deadline.due_on - today).days
    if left in REMINDER_DAYS:
        return left
    return BREACH if left < 0 else None


def deadlines_remind(*, today: date | None = None) -> dict[str, int]:
    """Mail the reminders due today; returns how many cases were scanned and mails sent."""
    today = today or timezone.localdate()
    rules = list(DeadlineRule.objects.all())
    # Read once for the whole scan, not per case (50,000 cases: 5 s, not minutes).
    calendar = calendar_for(set(range(today.year - 2, today.year + 4)))
    visa_free = visa_free_codes()
    # What earlier runs sent, read at once: a case's reminder already sent costs no write.
    sent = set(
        Reminder.objects.exclude(application__stage__in=CLOSED).values_list(
            "application_id", "event", "due_on", "days_before"
        )
    )
    offices: dict[int, list[str]] = {}
    counts = {"cases": 0, "sent": 0}
    cases = (
        Application.objects.exclude(stage__in=CLOSED)
        .select_related("intake", "applicant", "arrival", "visa", "registration", "invitation")
        .only(*SCANNED)
        .order_by("pk")
    )
    for application in cases.iterator(chunk_size=500):
        counts["cases"] += 1
        deadlines, _calendar = application_deadlines(
            application, rules=rules, calendar=calendar, visa_free=visa_free
        )
        for deadline in deadlines:
            days = None if deadline.done else _due_reminder(deadline, today)
            if days is None or (application.pk, deadline.event, deadline.due_on, days) in sent:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        application=application,
                        event=deadline.event,
                        due_on=deadline.due_on,
                        days_before=days,
                        sent_at=timezone.now(),
                    )
                    counts["sent"] += _mail(application, deadline, days, offices)
            except IntegrityError:
                continue  # sent on an earlier run
    return counts
