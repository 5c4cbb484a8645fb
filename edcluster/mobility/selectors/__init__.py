"""The mobility app's reads, by topic: access (who sees what), deadlines, reports."""

from edcluster.mobility.selectors.access import (
    access_application,
    access_document,
    access_intake,
    allowed_moves,
    application_visible,
    intake_visible,
    is_closed,
    may_act_on,
    works_cases_of,
)
from edcluster.mobility.selectors.deadlines import (
    Deadline,
    application_deadlines,
    calendar_for,
    next_deadline,
    working_days_add,
)
from edcluster.mobility.selectors.reports import (
    application_history,
    application_list,
    case_queue,
    flows_by_country,
    hosts_intakes,
    intake_list,
    intake_ranking,
    offices_of,
)

__all__ = [
    "Deadline",
    "access_application",
    "access_document",
    "access_intake",
    "allowed_moves",
    "application_deadlines",
    "application_history",
    "application_list",
    "application_visible",
    "calendar_for",
    "case_queue",
    "flows_by_country",
    "intake_list",
    "intake_ranking",
    "intake_visible",
    "is_closed",
    "may_act_on",
    "next_deadline",
    "hosts_intakes",
    "offices_of",
    "working_days_add",
    "works_cases_of",
]
