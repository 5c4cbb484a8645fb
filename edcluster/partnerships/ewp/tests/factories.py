"""Plain IIA values for the tests and the benchmark: every condition type, both directions."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from edcluster.partnerships.ewp import (
    Contact,
    CooperationCondition,
    Iia,
    LanguageSkill,
    MobilityType,
    Partner,
    SubjectArea,
)

SPEC = Path(settings.DATA_DIR) / "ewp/ewp-specs-api-iias/stable-v7"
EXAMPLE = SPEC / "endpoints/get-response-example.xml"
EXAMPLE_HASH = "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4"
KIT_EXAMPLE = SPEC / "resources/xsltKit/get-response-v7.xml"
KIT_EXAMPLE_HASH = "87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033"

MEMBER = "tpu.ru"
PARTNER = "sylu.edu.cn"


def condition(kind: MobilityType, *, outgoing: bool = True, **changes) -> CooperationCondition:
    sending, receiving = (MEMBER, PARTNER) if outgoing else (PARTNER, MEMBER)
    student = kind.is_student
    made = CooperationCondition(
        type=kind,
        sending_hei_id=sending,
        receiving_hei_id=receiving,
        sending_ounit_id="ISHKhBMT" if outgoing else "",
        first_year="2025/2026",
        last_year="2029/2030",
        mobilities_per_year=4,
        language_skills=(LanguageSkill("en", "B2"), LanguageSkill("zh", "A2")),
        subject_areas=(SubjectArea("0711", "Chemical engineering and processes"),),
        total=Decimal("10") if student else Decimal("5.5"),
        blended=kind is MobilityType.STUDENT_STUDIES,
        eqf_levels=(6, 7) if kind is MobilityType.STUDENT_STUDIES else (),
        other_info="Tuition waived by both sides.",
    )
    return replace(made, **changes)


def iia(number: int = 1, **changes) -> Iia:
    """A signed two-way agreement with all four condition types, numbered for uniqueness."""
    made = Iia(
        partners=(
            Partner(
                hei_id=MEMBER,
                ounit_id="ISHKhBMT",
                iia_id=f"8f1d0c7e-0000-4000-8000-{number:012d}",
                iia_code=f"TPU-SYLU/{number}",
                signing_contact=Contact(
                    "Irina Petrova",
                    given_names="Irina",
                    family_name="Petrova",
                    email="international@tpu.ru",
                    phone="+73822606333",
                    role="Vice-rector for international affairs",
                ),
                signing_date=date(2025, 3, 14),
                contacts=(Contact("International office", email="io@tpu.ru"),),
            ),
            Partner(
                hei_id=PARTNER,
                iia_id=f"SYLU-{number}",
                iia_code=f"2025-{number}",
                signing_contact=Contact("Wang Li", phone="024 2468 0000"),
                signing_date=date(2025, 4, 2),
            ),
        ),
        in_effect=True,
        conditions=tuple(
            condition(kind, outgoing=outgoing)
            for kind in MobilityType
            for outgoing in (True, False)
        ),
        pdf_file=f"pdf-{number}",
    )
    return replace(made, **changes)
