"""The international office's deadline board: its open cases ordered by their next legal
deadline, overdue first, each with the rule it follows; and the reviewers' reads."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from edcluster.mobility.models import Application, DeadlineRule, IntakeReviewer, Stage
from edcluster.mobility.pipeline import CLOSED
from edcluster.mobility.selectors.deadlines import (
    Deadline,
    application_deadlines,
    calendar_for,
    visa_free_codes,
)
from edcluster.mobility.selectors.reports import office_cases, offices_of

# Stages with a deadline to watch: a draft's application deadline, and the chain's.
WATCHED = (
    Stage.DRAFT,
    Stage.CONFIRMED,
    Stage.INVITATION_REQUESTED,
    Stage.INVITATION_ISSUED,
    Stage.VISA_ISSUED,
    Stage.ARRIVED,
    Stage.REGISTERED,
    Stage.ENROLLED,
)


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


def _cases(viewer) -> QuerySet[Application]:
    return (
        office_cases(viewer=viewer)
        .filter(stage__in=WATCHED)
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


def deadline_board(*, viewer, within: int | None = None, today: date | None = None) -> list:
    """Open cases with a deadline not yet met, the soonest first (so the overdue ones lead);
    `within` days keeps those due by then (the overdue included)."""
    if not offices_of(user=viewer):
        raise PermissionDenied
    today = today or timezone.localdate()
    rules = list(DeadlineRule.objects.all())
    calendar = calendar_for({today.year - 1, today.year, today.year + 1, today.year + 2})
    visa_free = visa_free_codes()
    rows = []
    for application in _cases(viewer):
        if application.stage in CLOSED:
            continue
        deadlines, _calendar = application_deadlines(
            application, rules=rules, calendar=calendar, visa_free=visa_free
        )
        due = next(
            (
                deadline
                for deadline in deadlines
                if not deadline.done and deadline.event not in NOT_DEADLINES
            ),
            None,
        )
        if due is None or (within is not None and due.due_on > today + timedelta(days=within)):
            continue
        rows.append(BoardRow(application, due))
    return sorted(rows, key=lambda row: (row.deadline.due_on, row.application.pk))


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
