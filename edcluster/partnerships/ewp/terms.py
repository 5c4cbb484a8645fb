"""The IIA v7 terms as plain values, no database; what an export is built from and an import gives.

Names follow the EWP IIAs API v7 get response (`data/ewp/ewp-specs-api-iias/stable-v7/`). Each
partner carries its own `iia_id` and `iia_code` (every side numbers the agreement its own way). An
optional text that the schema lets be present but empty (`isced-clarification`, `other-info-terms`)
is `None` when absent, because the hash tells an empty element from a missing one.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class MobilityType(StrEnum):
    """The four kinds of cooperation condition, in the schema's fixed order."""

    STUDENT_STUDIES = "student-studies"
    STUDENT_TRAINEESHIP = "student-traineeship"
    STAFF_TEACHING = "staff-teacher"
    STAFF_TRAINING = "staff-training"

    @property
    def element(self) -> str:
        return f"{self.value}-mobility-spec"

    @property
    def is_student(self) -> bool:
        return self in (MobilityType.STUDENT_STUDIES, MobilityType.STUDENT_TRAINEESHIP)


TYPE_ORDER = list(MobilityType)


@dataclass(frozen=True, slots=True)
class Contact:
    """A person or office: the schema's Contact, cut to what the platform keeps."""

    name: str
    given_names: str = ""
    family_name: str = ""
    email: str = ""
    phone: str = ""  # E.164 ("+48…") or any other format
    role: str = ""


@dataclass(frozen=True, slots=True)
class SubjectArea:
    isced: str  # ISCED-F 2013 detailed field: 4 digits
    clarification: str | None = None
    v6_value: str = ""  # the 1–3 digit code approved in IIA v6, only on unmodified old agreements


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    language: str  # ISO 639-1
    cefr: str = ""  # A1–C2
    subject_area: SubjectArea | None = None
    not_yet_defined: bool = False


@dataclass(frozen=True, slots=True)
class Partner:
    hei_id: str  # SCHAC id: the institution's internet domain
    ounit_id: str = ""
    iia_id: str = ""
    iia_code: str = ""
    signing_contact: Contact | None = None
    signing_date: date | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class CooperationCondition:
    """One direction of one kind of mobility."""

    type: MobilityType
    sending_hei_id: str
    receiving_hei_id: str
    first_year: str  # receiving academic years, "2025/2026"
    last_year: str
    mobilities_per_year: int
    sending_ounit_id: str = ""
    receiving_ounit_id: str = ""
    sending_contacts: tuple[Contact, ...] = ()
    receiving_contacts: tuple[Contact, ...] = ()
    language_skills: tuple[LanguageSkill, ...] = ()
    subject_areas: tuple[SubjectArea, ...] = ()
    other_info: str | None = None
    total: Decimal | None = None  # months per year for students, days for staff
    blended: bool = False  # students only
    eqf_levels: tuple[int, ...] = ()  # students only
    mobilities_not_yet_defined: bool = False


@dataclass(frozen=True, slots=True)
class Iia:
    """One bilateral agreement: the first partner is the side that publishes it."""

    partners: tuple[Partner, Partner]
    in_effect: bool
    conditions: tuple[CooperationCondition, ...] = ()
    terminated_as_a_whole: bool = False
    pdf_file: str = ""
    iia_hash: str = field(default="", compare=False)  # as read on import; an export computes it
