"""Deadlines of an application, counted from its chain's dates by the rules kept as data, in
working days of the `WorkCalendar` (a year missing from it counts weekends only)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from edcluster.mobility.models import (
    Application,
    CalendarDay,
    DeadlineRule,
    Stage,
    VisaFreeCitizenship,
    WorkCalendar,
)
from edcluster.mobility.pipeline import needs_visa


def visa_free_codes() -> frozenset[str]:
    """The visa-free citizenships, read once for a list of cases."""
    return frozenset(VisaFreeCitizenship.objects.values_list("country", flat=True))


@dataclass(frozen=True)
class Calendar:
    """The days that differ from their weekday, and the years the calendar does not know."""

    overrides: dict[date, bool]
    missing_years: frozenset[int]

    def is_working(self, day: date) -> bool:
        return self.overrides.get(day, day.weekday() < 5)


def calendar_for(years: set[int]) -> Calendar:
    """The calendar of these years, as loaded."""
    days = CalendarDay.objects.filter(calendar__year__in=years).values_list("day", "is_working")
    known = set(WorkCalendar.objects.filter(year__in=years).values_list("year", flat=True))
    return Calendar(overrides=dict(days), missing_years=frozenset(years - known))


def working_days_add(start: date, count: int, calendar: Calendar) -> date:
    """The `count`-th working day after `start` (before it when negative); `start` itself is
    not counted."""
    step = timedelta(days=1 if count >= 0 else -1)
    day, left = start, abs(count)
    while left:
        day += step
        if calendar.is_working(day):
            left -= 1
    return day


def deadline_from(anchor: date, rule: DeadlineRule, calendar: Calendar) -> date:
    if rule.unit == DeadlineRule.Unit.WORKING:
        return working_days_add(anchor, rule.offset, calendar)
    return anchor + timedelta(days=rule.offset)


def rule_for(event: str, citizenship: str, rules: list[DeadlineRule]) -> DeadlineRule | None:
    """The rule of the event naming this citizenship, else the event's general rule."""
    of_event = [rule for rule in rules if rule.event == event]
    code = str(citizenship).upper()
    specific = [rule for rule in of_event if code in rule.citizenship_codes]
    general = [rule for rule in of_event if not rule.citizenship_codes]
    return next(iter(specific or general), None)


APPLY = "apply"  # a draft's own deadline: the intake's, not a rule's


def deadline_label(event: str) -> str:
    """What a deadline is, in the active language."""
    if event == APPLY:
        return _("submit the application")
    return str(DeadlineRule.Event(event).label)


@dataclass(frozen=True)
class Deadline:
    event: str
    label: str
    due_on: date
    done: bool
    rule: DeadlineRule | None


def _anchors(
    application: Application, visa_free: frozenset[str] | None = None
) -> dict[str, tuple[date | None, bool]]:
    """Each event's anchor date (None while unknown) and whether the event is done."""
    arrival = getattr(application, "arrival", None)
    visa = getattr(application, "visa", None)
    registration = getattr(application, "registration", None)
    border = arrival.border_date if arrival else None
    long_stay = (application.planned_departure - application.planned_arrival).days > 90
    visa_end = visa.valid_to if visa and application.planned_departure > visa.valid_to else None
    anchors: dict[str, tuple[date | None, bool]] = {
        DeadlineRule.Event.REGISTRATION: (border, registration is not None),
    }
    visa_needed = (
        needs_visa(application.citizenship)
        if visa_free is None
        else str(application.citizenship) not in visa_free
    )
    if visa_needed:
        invited = hasattr(application, "invitation")
        anchors[DeadlineRule.Event.INVITATION] = (application.planned_arrival, invited)
        requested = bool(visa and visa.extension_requested_on)
        anchors[DeadlineRule.Event.VISA_EXTENSION_OPENS] = (visa_end, requested)
        anchors[DeadlineRule.Event.VISA_EXTENSION] = (visa_end, requested)
    if long_stay:
        anchors[DeadlineRule.Event.MEDICAL] = (border, bool(arrival and arrival.medical_done_on))
    return anchors


def application_deadlines(
    application: Application,
    *,
    rules: list[DeadlineRule] | None = None,
    calendar: Calendar | None = None,
    visa_free: frozenset[str] | None = None,
) -> tuple[list[Deadline], Calendar]:
    """The application's dated deadlines, soonest first, and the calendar they were counted in
    (a list of cases passes the rules, a calendar of the years it spans and the visa-free
    citizenships, read once)."""
    rules = list(DeadlineRule.objects.all()) if rules is None else rules
    anchors = {
        event: (anchor, done)
        for event, (anchor, done) in _anchors(application, visa_free).items()
        if anchor is not None
    }
    citizenship = str(application.citizenship).upper()  # a Country made once, not per event
    chosen = {event: rule_for(event, citizenship, rules) for event in anchors}
    # The years a working-day count can reach (a few weeks either side of its anchor).
    years = {
        day.year
        for event, (anchor, _done) in anchors.items()
        if (rule := chosen[event]) is not None and rule.unit == DeadlineRule.Unit.WORKING
        for day in (anchor - timedelta(days=60), anchor + timedelta(days=60))
    }
    if calendar is None:
        calendar = calendar_for(years) if years else Calendar({}, frozenset())
    found = []
    if application.stage == Stage.DRAFT:
        found.append(
            Deadline(APPLY, deadline_label(APPLY), application.intake.deadline, False, None)
        )
    for event, (anchor, done) in anchors.items():
        rule = chosen[event]
        if rule is None:
            continue
        due_on = deadline_from(anchor, rule, calendar)
        found.append(Deadline(event, deadline_label(event), due_on, done, rule))
    return sorted(found, key=lambda deadline: deadline.due_on), calendar


def next_deadline(application: Application) -> Deadline | None:
    """The soonest deadline not yet met."""
    deadlines, _calendar = application_deadlines(application)
    return next((deadline for deadline in deadlines if not deadline.done), None)
