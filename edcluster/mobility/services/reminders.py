"""The daily deadline scan: the applicant and the host's office are mailed 7, 3 and 1 days
before a deadline and once when it is missed, each reminder once however often it runs.

The scan only records the reminders due (in bulk; the unique constraint makes a second run
record none again) and queues their mails in batches (`tasks.send_reminders`); each mail is
sent by the task, which first marks its reminder sent, so that no mail goes twice. A mail that
fails leaves its reminder unsent, and the next scan queues it again."""

import logging
from datetime import date
from itertools import batched

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import EDITING_ROLES
from edcluster.core.mail import in_both_languages
from edcluster.mobility.models import Application, DeadlineRule, Reminder
from edcluster.mobility.pipeline import CLOSED
from edcluster.mobility.selectors import application_deadlines, calendar_for, visa_free_codes
from edcluster.mobility.selectors.deadlines import deadline_label
from edcluster.mobility.services.board import next_deadlines_changed

logger = logging.getLogger(__name__)

REMINDER_DAYS = (7, 3, 1)
# What the scan reads of a case and its chain: the deadlines' anchors.
SCANNED = (
    "stage",
    "citizenship",
    "planned_arrival",
    "planned_departure",
    "intake__deadline",
    "arrival__border_date",
    "arrival__medical_done_on",
    "visa__valid_from",
    "visa__valid_to",
    "visa__extension_requested_on",
    "registration__registered_on",
    "invitation__requested_on",
    "next_deadline_on",
)
BREACH = 0
MAIL_BATCH = 200  # reminders a task mails


def _due_reminder(due_on: date, today: date) -> int | None:
    left = (due_on - today).days
    if left in REMINDER_DAYS:
        return left
    return BREACH if left < 0 else None


def _due_today(today: date) -> tuple[int, list[Reminder]]:
    """How many open cases there are, and their reminders due today, recorded or not; a
    stored next deadline found stale on the way is put right."""
    rules = list(DeadlineRule.objects.all())
    # Read once for the whole scan, not per case (50,000 cases: seconds, not minutes).
    calendar = calendar_for(set(range(today.year - 2, today.year + 4)))
    visa_free = visa_free_codes()
    cases = (
        Application.objects.exclude(stage__in=CLOSED)
        .select_related("intake", "arrival", "visa", "registration", "invitation")
        .only(*SCANNED)
        .order_by("pk")
    )
    due, scanned, stale = [], 0, []
    for application in cases.iterator(chunk_size=2000):
        scanned += 1
        deadlines, _calendar = application_deadlines(
            application, rules=rules, calendar=calendar, visa_free=visa_free
        )
        if next_deadlines_changed(application, deadlines) is not None:
            stale.append(application)
        for deadline in deadlines:
            days = None if deadline.done else _due_reminder(deadline.due_on, today)
            if days is not None:
                due.append(
                    Reminder(
                        application_id=application.pk,
                        event=deadline.event,
                        due_on=deadline.due_on,
                        days_before=days,
                    )
                )
    Application.objects.bulk_update(stale, ["next_deadline_on"], batch_size=1000)
    return scanned, due


def deadlines_remind(*, today: date | None = None) -> dict[str, int]:
    """Record the reminders due today and queue the mails of every reminder not yet sent;
    returns how many cases were scanned, reminders recorded and queued."""
    today = today or timezone.localdate()
    scanned, due = _due_today(today)
    # What earlier runs recorded, read at once: a reminder already recorded costs no write.
    known = set(
        Reminder.objects.exclude(application__stage__in=CLOSED).values_list(
            "application_id", "event", "due_on", "days_before"
        )
    )
    new = [
        reminder
        for reminder in due
        if (reminder.application_id, reminder.event, reminder.due_on, reminder.days_before)
        not in known
    ]
    # Another scan running at the same time: the constraint keeps each reminder once.
    Reminder.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    unsent = list(
        Reminder.objects.filter(sent_at=None)
        .exclude(application__stage__in=CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    task = import_string("edcluster.mobility.tasks.send_reminders")
    for batch in batched(unsent, MAIL_BATCH, strict=False):
        task.enqueue(reminder_ids=list(batch))
    return {"cases": scanned, "recorded": len(new), "queued": len(unsent)}


def _office_emails(host_id: int, cache: dict[int, list[str]]) -> list[str]:
    """The host's editors' addresses, read once a host for a batch."""
    if host_id not in cache:
        cache[host_id] = list(
            Membership.objects.filter(
                organization_id=host_id, role__in=EDITING_ROLES, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return cache[host_id]


def _mail(reminder: Reminder, offices: dict[int, list[str]]) -> int:
    application = reminder.application
    link = getattr(settings, "SITE_URL", "") + reverse(
        "mobility:application", args=[application.pk]
    )

    def render() -> tuple[str, str]:
        values = {
            "number": application.pk,
            "what": deadline_label(reminder.event),
            "due": reminder.due_on,
            "days": reminder.days_before,
            "link": link,
        }
        if reminder.days_before == BREACH:
            subject = _("Application %(number)s: a deadline was missed") % values
        else:
            subject = _("Application %(number)s: a deadline in %(days)d days") % values
        body = _("%(what)s: due on %(due)s. The case: %(link)s") % values
        return subject, body

    subject, body = in_both_languages(render)
    recipients = sorted(
        {application.applicant.email, *_office_emails(application.host_id, offices)}
    )
    return send_mail(subject, body, None, recipients)


def reminders_send(*, reminder_ids: list[int]) -> int:
    """Mail these reminders not yet sent, each marked sent before its mail goes (a second
    worker given the same one sends nothing); a failed mail is unmarked for the next scan.
    Returns how many mails went."""
    offices: dict[int, list[str]] = {}
    sent = 0
    pending = (
        Reminder.objects.filter(pk__in=reminder_ids, sent_at=None)
        .exclude(application__stage__in=CLOSED)
        .select_related("application__applicant")
        .only(
            "event",
            "due_on",
            "days_before",
            "application__host_id",
            "application__applicant__email",
        )
        .order_by("pk")
    )
    for reminder in pending:
        claimed = Reminder.objects.filter(pk=reminder.pk, sent_at=None)
        if not claimed.update(sent_at=timezone.now()):
            continue  # another worker took it
        try:
            sent += _mail(reminder, offices)
        except Exception:  # the next scan queues it again
            logger.exception("Reminder %s could not be mailed", reminder.pk)
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=None)
    return sent
