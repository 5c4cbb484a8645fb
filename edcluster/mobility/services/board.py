"""The stored next deadline of each case (`Application.next_deadline_on`), by which the
deadline board is ordered and paged: kept by the services that change a case's stage or chain
records (one case), and by those that change what every deadline is counted from (the rules,
the work calendar, the visa-free list: all cases). The daily scan puts right any it finds
stale."""

from datetime import date

from edcluster.mobility.models import Application, DeadlineRule
from edcluster.mobility.selectors import application_deadlines, calendar_for, visa_free_codes
from edcluster.mobility.selectors.board import WATCHED, board_deadline

CHAIN = ("intake", "arrival", "visa", "registration", "invitation")


def next_deadline_store(application_id: int) -> date | None:
    """Count the case's next deadline again and store it; returns it."""
    application = Application.objects.select_related(*CHAIN).get(pk=application_id)
    deadlines, _calendar = application_deadlines(application)
    due = board_deadline(application, deadlines)
    value = due.due_on if due else None
    if application.next_deadline_on != value:
        Application.objects.filter(pk=application_id).update(next_deadline_on=value)
    return value


def next_deadlines_changed(application: Application, deadlines) -> Application | None:
    """The case with its next deadline set, when the stored one differs (to store in bulk)."""
    due = board_deadline(application, deadlines)
    value = due.due_on if due else None
    if application.next_deadline_on == value:
        return None
    application.next_deadline_on = value
    return application


def next_deadlines_store_all(*, today: date) -> int:
    """Count every watched case's next deadline again (after the rules, the calendar or the
    visa-free list changed); returns how many stored values changed."""
    changed = (
        Application.objects.filter(next_deadline_on__isnull=False)
        .exclude(stage__in=WATCHED)
        .update(next_deadline_on=None)
    )
    rules = list(DeadlineRule.objects.all())
    calendar = calendar_for(set(range(today.year - 2, today.year + 4)))
    visa_free = visa_free_codes()
    stale = []
    cases = Application.objects.filter(stage__in=WATCHED).select_related(*CHAIN).order_by("pk")
    for application in cases.iterator(chunk_size=2000):
        deadlines, _calendar = application_deadlines(
            application, rules=rules, calendar=calendar, visa_free=visa_free
        )
        if next_deadlines_changed(application, deadlines) is not None:
            stale.append(application)
    Application.objects.bulk_update(stale, ["next_deadline_on"], batch_size=1000)
    return changed + len(stale)
