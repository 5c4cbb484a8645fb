"""Background work of mobility; tasks take ids and are safe to run twice."""

from django.tasks import task


@task()
def send_reminders(*, reminder_ids: list[int]) -> int:
    """Mail the deadline reminders the daily scan recorded; returns the mails sent."""
    from edcluster.mobility.services.reminders import reminders_send

    return reminders_send(reminder_ids=reminder_ids)
