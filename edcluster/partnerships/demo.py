"""The demo's agreements: partners' SCHAC ids where checked (data/tomsk_demo/partner_identity.csv)
and eight invented agreements of TSU and TPU with their Asia-Pacific partners
(partners_asia_pacific.csv), one in every status, one amended, one ending in 60 days (from the
day of seeding), one both ways with all four types of mobility. Safe to run twice: an agreement
whose code its keeper already has is left as it is."""

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.organizations.models import Organization, OrganizationUnit
from edcluster.partnerships import services
from edcluster.partnerships.models import (
    Agreement,
    AgreementVersion,
    CooperationCondition,
    Signature,
)

T = CooperationCondition.Type
K = Agreement.Kind
# A one-page blank PDF: the demo's "signed copies" (the real ones are scans).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
UNITS = {
    "tsu": [("tsu-chem", "Химический факультет", "Faculty of Chemistry")],
    "tpu": [("tpu-ieps", "Инженерная школа энергетики", "School of Energy and Power Engineering")],
    "chd": [("chd-ie", "Международный отдел", "International Office")],
}


@dataclass
class Plan:
    code: str
    keeper: str
    partner: str
    kind: str
    title_en: str
    title_ru: str
    starts: date
    ends: date | None
    conditions: list[dict] = field(default_factory=list)
    signed: str = "both"  # "", "member", "both"
    amend: bool = False
    terminate: bool = False
    quota: int = 0


def _condition(
    kind, sending, receiving, years, mobilities, total, areas=(), eqf=(), languages=()
) -> dict:
    first, last = years
    return {
        "type": kind,
        "sending": sending,
        "receiving": receiving,
        "first_year": f"{first}/{first + 1}",
        "last_year": f"{last}/{last + 1}",
        "mobilities_per_year": mobilities,
        "total_per_year": total,
        "subject_areas": [{"code": code, "clarification": note} for code, note in areas],
        "eqf_levels": list(eqf),
        "languages": [{"language": code, "cefr": level} for code, level in languages],
    }


def _both_ways(member: str, partner: str, year: int) -> list[dict]:
    """Every type of mobility, each way."""
    conditions = []
    for sending, receiving in ((member, partner), (partner, member)):
        conditions += [
            _condition(
                T.STUDENT_STUDIES,
                sending,
                receiving,
                (year, year + 4),
                5,
                10,
                [("0711", "Chemical engineering"), ("0713", "")],
                (6, 7),
                [("en", "B2"), ("ru", "B1")],
            ),
            _condition(
                T.STUDENT_TRAINEESHIP, sending, receiving, (year, year + 4), 2, 3, [("0713", "")]
            ),
            _condition(
                T.STAFF_TEACHING,
                sending,
                receiving,
                (year, year + 4),
                2,
                10,
                [("0711", "")],
                (),
                [("en", "C1")],
            ),
            _condition(T.STAFF_TRAINING, sending, receiving, (year, year + 4), 1, 5),
        ]
    return conditions


def plans(today: date) -> list[Plan]:
    """The eight agreements, relative to the day of seeding."""
    year = today.year if today.month >= 9 else today.year - 1
    return _plans_degrees(today, year) + _plans_joint(today, year) + _plans_ending(today, year)


def _plans_degrees(today: date, year: int) -> list[Plan]:
    """The two double degrees, in effect (one amended)."""
    return [
        Plan(
            "TPU-SYLU-2007",
            "tpu",
            "sylu",
            K.DEGREE,
            "2+2 double bachelor's degree",
            "Двойной бакалавриат 2+2",
            date(2007, 9, 1),
            None,
            [
                _condition(
                    T.STUDENT_STUDIES,
                    "sylu",
                    "tpu",
                    (year, year + 3),
                    30,
                    10,
                    [("0713", "Electric power")],
                    (6,),
                    [("ru", "B1")],
                )
            ],
        ),
        Plan(
            "TSU-NCST-2015",
            "tsu",
            "ncst",
            K.DEGREE,
            "Double degree in chemistry",
            "Двойной диплом по химии",
            date(2015, 9, 1),
            date(year + 5, 8, 31),
            [
                _condition(
                    T.STUDENT_STUDIES,
                    "ncst",
                    "tsu",
                    (year, year + 2),
                    10,
                    10,
                    [("0531", "")],
                    (6, 7),
                    [("ru", "B1")],
                )
            ],
            amend=True,
        ),
    ]


def _plans_joint(today: date, year: int) -> list[Plan]:
    """The lab ending in 60 days, the mobility agreement both ways, an MoU awaiting TMU."""
    return [
        Plan(
            "TPU-JILIN-LAB",
            "tpu",
            "jilin",
            K.LABORATORY,
            "Joint international research laboratory",
            "Совместная международная лаборатория",
            date(today.year - 3, 1, 1),
            today + timedelta(days=60),
            [_condition(T.STAFF_TRAINING, "jilin", "tpu", (year, year), 3, 14, [("0533", "")])],
        ),
        Plan(
            "TPU-CHD-IIA",
            "tpu",
            "chd",
            K.MOBILITY,
            "Inter-institutional mobility agreement",
            "Межвузовское соглашение о мобильности",
            date(year, 9, 1),
            date(year + 5, 8, 31),
            _both_ways("tpu", "chd", year),
            quota=3,
        ),
        Plan(
            "TSU-TMU-MOU",
            "tsu",
            "tmu",
            K.MOU,
            "Memorandum on student exchange",
            "Меморандум о студенческом обмене",
            date(today.year, 1, 1),
            date(today.year + 5, 12, 31),
            signed="member",
        ),
    ]


def _plans_ending(today: date, year: int) -> list[Plan]:
    """A draft, an expired MoU and a terminated one."""
    return [
        Plan(
            "TSU-HLJU-RES",
            "tsu",
            "hlju",
            K.RESEARCH,
            "Joint materials research",
            "Совместные исследования материалов",
            date(today.year + 1, 1, 1),
            date(today.year + 4, 12, 31),
            [
                _condition(
                    T.STAFF_TRAINING, "tsu", "hlju", (year + 1, year + 2), 2, 10, [("0531", "")]
                )
            ],
            signed="",
        ),
        Plan(
            "TSU-NTU-2019",
            "tsu",
            "ntu",
            K.MOU,
            "Memorandum of understanding",
            "Меморандум о взаимопонимании",
            date(2019, 1, 1),
            date(today.year - 1, 12, 31),
        ),
        Plan(
            "TSU-UM-2020",
            "tsu",
            "um",
            K.MOU,
            "Memorandum of understanding",
            "Меморандум о взаимопонимании",
            date(2020, 1, 1),
            date(today.year + 2, 12, 31),
            terminate=True,
        ),
    ]


def _identity_load(folder: Path) -> int:
    """Checked SCHAC ids onto the partners seeded by organizations; how many were set."""
    changed = 0
    with (folder / "partner_identity.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            partner = Organization.objects.filter(slug=row["partner_slug"]).first()
            if partner and row["schac_id"] and not partner.internet_domain:
                services.partner_update(
                    partner=partner, actor=None, internet_domain=row["schac_id"]
                )
                changed += 1
    return changed


def _units() -> None:
    for slug, units in UNITS.items():
        for unit_id, name_ru, name_en in units:
            organization = Organization.objects.filter(slug=slug).first()
            if organization and not organization.units.filter(unit_id=unit_id).exists():
                OrganizationUnit.objects.create(
                    organization=organization, unit_id=unit_id, name_ru=name_ru, name_en=name_en
                )


def _sign(version, party, *, on: date, on_behalf: bool, actor) -> None:
    signature = services.SignatureIn(
        signer_name="Partner's Vice-Rector (demo)" if on_behalf else "Vice-Rector (demo)",
        signer_role="Vice-Rector",
        signed_on=on,
        version_hash=services.version_hash(version),
    )
    pdf = ContentFile(DEMO_PDF, name="signed-demo.pdf") if on_behalf else None
    services.agreement_sign(
        version=version, party=party, actor=actor, signature=signature, on_behalf=on_behalf, pdf=pdf
    )


CONDITION_FIELDS = (
    "type",
    "sending_party",
    "receiving_party",
    "sending_unit",
    "receiving_unit",
    "first_year",
    "last_year",
    "total_per_year",
    "subject_areas",
    "eqf_levels",
    "languages",
    "blended",
    "other_terms",
)


def _amend(agreement: Agreement, keeper, *, actor, today: date) -> None:
    """Version 2 raises the intake; only the member has signed it, so version 1 stays in effect."""
    amended = services.agreement_amend(
        agreement=agreement, actor=actor, note="Intake raised to 15 a year."
    )
    condition = amended.conditions.first()
    assert condition is not None
    data = {name: getattr(condition, name) for name in CONDITION_FIELDS}
    services.condition_update(
        condition=condition, actor=actor, data=data | {"mobilities_per_year": 15}
    )
    _sign(amended, keeper, on=today, on_behalf=False, actor=actor)


def _seed_one(plan: Plan, organizations: dict[str, Organization], actor, today: date) -> Agreement:
    keeper, partner = organizations[plan.keeper], organizations[plan.partner]
    agreement = services.agreement_create(
        owner=keeper,
        actor=actor,
        parties=[services.PartyIn(keeper), services.PartyIn(partner)],
        code=plan.code,
        kind=plan.kind,
        title_en=plan.title_en,
        title_ru=plan.title_ru,
        valid_from=plan.starts,
        valid_until=plan.ends,
    )
    parties = {
        party.organization.slug: party for party in agreement.parties.select_related("organization")
    }
    version = services.latest_version(agreement)
    for spec in plan.conditions:
        data = {
            **spec,
            "sending_party": parties[spec["sending"]],
            "receiving_party": parties[spec["receiving"]],
        }
        services.condition_add(version=version, actor=actor, data=data)
    signed_on = min(plan.starts, today)
    if plan.signed:
        _sign(version, parties[plan.keeper], on=signed_on, on_behalf=False, actor=actor)
    if plan.signed == "both":
        _sign(version, parties[plan.partner], on=signed_on, on_behalf=True, actor=actor)
    if plan.amend:
        _amend(agreement, parties[plan.keeper], actor=actor, today=today)
    if plan.quota:
        condition = version.conditions.order_by("position").first()
        assert condition is not None
        services.quota_use_set(
            condition=condition, actor=actor, academic_year=condition.first_year, used=plan.quota
        )
    if plan.terminate:
        services.agreement_terminate(
            agreement=agreement,
            actor=actor,
            on=today,
            reason="Demo: the partners chose a new framework agreement.",
        )
    agreement.refresh_from_db()
    return agreement


def _signatures_rebind(plans_seeded: list[Plan]) -> int:
    """Demo signatures that name another hash than their version's (seeded before the
    official iia-hash replaced the placeholder one) bound again to it; how many. Demo data
    only: the signatures are invented, so re-seeding keeps the history page consistent."""
    changed = 0
    for plan in plans_seeded:
        versions = AgreementVersion.objects.filter(
            agreement__owner__slug=plan.keeper, agreement__code=plan.code
        ).prefetch_related("signatures")
        for version in versions:
            current = services.version_hash(version)
            stale = [s.pk for s in version.signatures.all() if s.version_hash != current]
            changed += Signature.objects.filter(pk__in=stale).update(version_hash=current)
    return changed


def demo_agreements_seed(*, data_dir: Path, today: date | None = None) -> dict[str, int]:
    """The partners' identity and the eight agreements; counts of what is new."""
    today = today or timezone.localdate()
    with transaction.atomic():
        schac = _identity_load(data_dir / "tomsk_demo")
        _units()
    created = 0
    seeded = plans(today)
    for plan in seeded:
        emails = [
            f"{plan.keeper}.editor@edcluster.example",
            f"{plan.keeper}.admin@edcluster.example",
        ]
        actor = User.objects.filter(email__in=emails).order_by("email").first()
        organizations = {
            o.slug: o for o in Organization.objects.filter(slug__in=[plan.keeper, plan.partner])
        }
        if (
            len(organizations) < 2
            or Agreement.objects.filter(owner=organizations[plan.keeper], code=plan.code).exists()
        ):
            continue
        with transaction.atomic():
            _seed_one(plan, organizations, actor, today)
        created += 1
    with transaction.atomic():
        rebound = _signatures_rebind(seeded)
    return {"schac_ids": schac, "agreements": created, "signatures_rebound": rebound}


def demo_agreements_seeder(options: DemoOptions) -> Seeded:
    """Registered with core's demo seeders (after organizations)."""
    result = demo_agreements_seed(data_dir=options.data_dir)
    return Seeded(
        summary=f"{result['agreements']} agreements new, {result['schac_ids']} SCHAC ids set, "
        f"{result['signatures_rebound']} signatures bound again to their version's iia-hash"
    )
