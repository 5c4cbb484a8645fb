"""The international office's deadline board: its open cases ordered by their next legal
deadline, overdue first, each with the rule it follows; and the reviewers' reads."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from edcluster.mobility.models import Application, DeadlineRule, IntakeReviewer, Stage
from edcluster.mobility.pipeline import CHAIN_STAGES, CLOSED
from edcluster.mobility.selectors.deadlines import (
    Deadline,
    application_deadlines,
    calendar_for,
    visa_free_codes,
)
from edcluster.mobility.selectors.reports import office_cases, offices_of

# Stages with a deadline to watch: a draft's application deadline, and the chain's.
WATCHED = (Stage.DRAFT, *CHAIN_STAGES)


# When a window opens is no deadline: the extension's own "apply by" is on the board.
NOT_DEADLINES = frozenset({DeadlineRule.Event.VISA_EXTENSION_OPENS})


@dataclass(frozen=True)
class BoardRow:
    application: Application
    deadline: Deadline

    @property
    def days_left(self) -> int:
        return (self.deadline.due_on - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def board_deadline(application: Application, deadlines: list[Deadline]) -> Deadline | None:
    """The case's deadline on the board: of a watched stage, the soonest not yet met."""
    if application.stage not in WATCHED or application.stage in CLOSED:
        return None
    return next(
        (d for d in deadlines if not d.done and d.event not in NOT_DEADLINES),
        None,
    )


def _cases(viewer) -> QuerySet[Application]:
    # No stage condition: a stored next deadline is one of a watched stage (and the rows are
    # counted again), so the date's index orders the board without sorting every case.
    return (
        office_cases(viewer=viewer)
        .select_related(
            "intake__offering__product",
            "host",
            "applicant__applicant_profile",
            "invitation",
            "visa",
            "arrival",
            "registration",
        )
        .defer("applicant__applicant_profile__passport_number")
    )


def board_cases(
    *, viewer, within: int | None = None, today: date | None = None
) -> QuerySet[Application]:
    """The office's submitted cases with a deadline not yet met, by the stored next deadline
    (soonest first, so the overdue ones lead); `within` days keeps those due by then (overdue
    too)."""
    if not offices_of(user=viewer):
        raise PermissionDenied
    today = today or timezone.localdate()
    # A draft's deadline is its applicant's to meet (their status page shows it): the office
    # can act on a case once it is submitted.
    cases = _cases(viewer).filter(next_deadline_on__isnull=False).exclude(stage=Stage.DRAFT)
    if within is not None:
        cases = cases.filter(next_deadline_on__lte=today + timedelta(days=within))
    return cases.order_by("next_deadline_on", "pk")


def board_rows(applications) -> list[BoardRow]:
    """The rows of these cases (a page of `board_cases`), each deadline with its rule."""
    applications = list(applications)
    if not applications:
        return []
    rules = list(DeadlineRule.objects.all())
    years = {a.next_deadline_on.year for a in applications if a.next_deadline_on}
    calendar = calendar_for({y + shift for y in years for shift in (-1, 0, 1)})
    visa_free = visa_free_codes()
    rows = []
    for application in applications:
        deadlines, _calendar = application_deadlines(
            application, rules=rules, calendar=calendar, visa_free=visa_free
        )
        due = board_deadline(application, deadlines)
        if due is not None:
            rows.append(BoardRow(application, due))
    return rows


def deadline_board(*, viewer, within: int | None = None, today: date | None = None) -> list:
    """Every row of the board (the API's list; the page shows a page of `board_cases`)."""
    return board_rows(board_cases(viewer=viewer, within=within, today=today))


def reviewers_of(*, intake_id: int) -> QuerySet[IntakeReviewer]:
    return IntakeReviewer.objects.filter(intake_id=intake_id).select_related("reviewer")


def intakes_reviewed_by(*, user) -> QuerySet:
    """The intakes the user is an assigned reviewer of."""
    if not user.is_authenticated:
        return IntakeReviewer.objects.none()
    return (
        IntakeReviewer.objects.filter(reviewer_id=user.pk)
        .select_related("intake__offering__product", "intake__host")
        .order_by("intake__deadline", "pk")
    )
