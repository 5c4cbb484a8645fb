"""The mobility API's output schemas. No list carries a passport number."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from edcluster.mobility.models import ApplicantProfile, Application, Intake, StageChange
from edcluster.mobility.selectors import Deadline


class IntakeOut(Schema):
    id: int
    title: str
    host: str
    host_name: str
    starts_on: date
    ends_on: date
    deadline: date
    places: int
    scholarship_places: int
    government_quota_places: int
    tuition: Decimal
    currency: str
    language_requirement: str
    is_open: bool

    @staticmethod
    def resolve_title(intake: Intake) -> str:
        return intake.offering.product.title

    @staticmethod
    def resolve_host(intake: Intake) -> str:
        return intake.host.slug

    @staticmethod
    def resolve_host_name(intake: Intake) -> str:
        return str(intake.host)

    @staticmethod
    def resolve_starts_on(intake: Intake) -> date:
        return intake.offering.starts_on

    @staticmethod
    def resolve_ends_on(intake: Intake) -> date:
        return intake.offering.ends_on


class ProfileOut(Schema):
    passport_name: str
    citizenship: str
    birth_date: date
    sex: str
    passport_number: str
    passport_expires: date
    residence: str
    consulate_city: str
    education: str
    languages: str

    @staticmethod
    def resolve_citizenship(profile: ApplicantProfile) -> str:
        return str(profile.citizenship)


class ApplicationOut(Schema):
    id: int
    intake_id: int
    host: str
    category: str
    citizenship: str
    stage: str
    stage_since: datetime
    planned_arrival: date
    planned_departure: date
    decision: str
    decision_reason: str
    decision_reasons: str = Field(description="The comment on the decision")
    nominated_by: str | None = Field(None, description="The nominating partner's slug")
    condition_id: int | None = None
    academic_year: str

    @staticmethod
    def resolve_host(application: Application) -> str:
        return application.host.slug

    @staticmethod
    def resolve_nominated_by(application: Application) -> str | None:
        partner = application.nominated_by
        return partner.slug if partner is not None else None

    @staticmethod
    def resolve_citizenship(application: Application) -> str:
        return str(application.citizenship)


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    at: datetime
    reason: str

    @staticmethod
    def resolve_reason(change: StageChange) -> str:
        return change.reason


class DeadlineOut(Schema):
    event: str
    label: str
    due_on: date
    done: bool
    source: str
    checked_on: date | None

    @staticmethod
    def resolve_source(deadline: Deadline) -> str:
        return deadline.rule.source_text if deadline.rule else ""

    @staticmethod
    def resolve_checked_on(deadline: Deadline) -> date | None:
        return deadline.rule.checked_on if deadline.rule else None


class DocumentOut(Schema):
    id: int
    kind: str
    status: str
    file_name: str
    content_type: str
    size: int
    uploaded_at: datetime | None
    reason: str
    checked_at: datetime | None
    scan: str = Field(description="virus scan: clean, not_scanned (no scanner configured), failed")


class ApplicationDetailOut(ApplicationOut):
    stage_history: list[StageChangeOut]
    deadlines: list[DeadlineOut]
    checklist: list[DocumentOut]
    allowed_moves: list[str]
    warnings: list[str]
    weekends_only_years: list[int] = Field(
        description="Years the work calendar lacks: working days counted as weekdays only"
    )


class StageCountOut(Schema):
    stage: str
    label: str
    count: int


class FlowOut(Schema):
    citizenship: str
    country_name: str
    applications: int
    accepted: int
    arrived: int


class RankedOut(Schema):
    application_id: int
    score: Decimal
    reviewers: int


class BoardRowOut(Schema):
    application_id: int
    event: str
    label: str
    due_on: date
    overdue: bool
    rule_source: str


class BulkRefusalOut(Schema):
    id: int
    reason: str


class BulkOut(Schema):
    moved: list[ApplicationOut]
    refused: list[BulkRefusalOut]


class MessageOut(Schema):
    id: int
    from_office: bool
    body: str
    sent_at: datetime


class DormitoryOut(Schema):
    id: int
    name: str
    address: str
    capacity: int


class AccommodationOut(Schema):
    dormitory: DormitoryOut
    room: str
    from_date: date
    until_date: date
    status: str
    offered_at: datetime
    answered_at: datetime | None


class StayOut(Schema):
    """The case's bed (null until offered) and, for the office, the host's dormitories."""

    accommodation: AccommodationOut | None
    dormitories: list[DormitoryOut]


class BuddyOut(Schema):
    id: int
    name: str
    email: str
    languages: str

    @staticmethod
    def resolve_name(buddy) -> str:
        return str(buddy)

    @staticmethod
    def resolve_email(buddy) -> str:
        return buddy.user.email


class BuddyStateOut(Schema):
    """The case's buddy (null until assigned) and, for the office, the suggested ones (sharing
    a language with the applicant, fewest current cases first)."""

    buddy: BuddyOut | None
    suggestions: list[BuddyOut]
