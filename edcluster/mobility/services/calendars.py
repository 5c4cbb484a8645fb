"""The work calendar loaded from a file: one line a day that differs from its weekday
(`2026-05-11,off,Victory Day transferred` or `2025-11-01,working,transfer`), a year at a time;
loading a year again replaces its days."""

import csv
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.mobility.models import CalendarDay, WorkCalendar
from edcluster.mobility.services.board import next_deadlines_store_all

STATUSES = {"off": False, "working": True}


def _rows(text: str) -> list[tuple[date, bool, str]]:
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or row[0].startswith("#"):
            continue
        try:
            day, status = date.fromisoformat(row[0].strip()), row[1].strip()
        except (ValueError, IndexError):
            raise ValidationError(
                _("Line %(number)d: not a date and a status.") % {"number": number}
            ) from None
        if status not in STATUSES:
            raise ValidationError(
                _("Line %(number)d: the status is off or working.") % {"number": number}
            )
        rows.append((day, STATUSES[status], row[2].strip() if len(row) > 2 else ""))
    return rows


@transaction.atomic
def calendar_load(*, text: str, source: str, actor=None) -> dict[int, int]:
    """Replace the days of every year the file names; returns the days loaded by year."""
    by_year: dict[int, list[tuple[date, bool, str]]] = {}
    for row in _rows(text):
        by_year.setdefault(row[0].year, []).append(row)
    for year, rows in by_year.items():
        calendar, _created = WorkCalendar.objects.update_or_create(
            year=year, defaults={"source": source, "checked_on": timezone.localdate()}
        )
        calendar.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar=calendar, day=day, is_working=working, note=note)
            for day, working, note in rows
        )
        audit_record(actor=actor, verb="mobility.calendar_loaded", target=calendar)
    next_deadlines_store_all(today=timezone.localdate())  # working days counted anew
    return {year: len(rows) for year, rows in by_year.items()}
