"""The mobility app's records, by topic."""

from edcluster.mobility.models.applications import (
    ApplicantProfile,
    Application,
    Category,
    Consent,
    Document,
    DocumentKind,
    DocumentRequirement,
    Intake,
    Stage,
    StageChange,
)
from edcluster.mobility.models.chain import (
    Arrival,
    Criterion,
    Enrolment,
    Invitation,
    Registration,
    Score,
    Visa,
)
from edcluster.mobility.models.dashboard import StageDays
from edcluster.mobility.models.rules import (
    CalendarDay,
    DeadlineRule,
    Reminder,
    VisaFreeCitizenship,
    WorkCalendar,
)
from edcluster.mobility.models.stay import Accommodation, Buddy, BuddyMatch, Dormitory
from edcluster.mobility.models.work import IntakeReviewer, Message

__all__ = [
    "Accommodation",
    "Buddy",
    "BuddyMatch",
    "Dormitory",
    "ApplicantProfile",
    "Application",
    "Arrival",
    "CalendarDay",
    "Category",
    "Consent",
    "Criterion",
    "DeadlineRule",
    "Document",
    "DocumentKind",
    "DocumentRequirement",
    "Enrolment",
    "Intake",
    "IntakeReviewer",
    "Invitation",
    "Message",
    "Registration",
    "Reminder",
    "Score",
    "Stage",
    "StageChange",
    "StageDays",
    "Visa",
    "VisaFreeCitizenship",
    "WorkCalendar",
]
