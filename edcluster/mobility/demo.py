"""The demo's foreign applicants (invented, marked demo): intakes on published products of
the demo universities, applicants from six countries at every stage, the demo applicant's own
case at "invitation issued", and work calendars for this year and the next."""

import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import Membership, User
from edcluster.catalog.models import Offering, Product
from edcluster.catalog.services import offering_save
from edcluster.core.demo import DemoOptions, Seeded, migration_rows_restore
from edcluster.mobility import services
from edcluster.mobility.models import (
    ApplicantProfile,
    Application,
    CalendarDay,
    DeadlineRule,
    Document,
    Intake,
    Stage,
    WorkCalendar,
)
from edcluster.mobility.pipeline import MAIN_PATH, VISA_STAGES, needs_visa

PDF = b"%PDF-1.4\n% demo document\n%%EOF\n"
DEMO_APPLICANT = "applicant@edcluster.example"
# (e-mail name, Latin name, citizenship, category, the stage to take the case to)
APPLICANTS = [
    ("li.wei", "LI WEI", "CN", "degree", Stage.SUBMITTED),
    ("zhang.min", "ZHANG MIN", "CN", "exchange", Stage.UNDER_REVIEW),
    ("wang.fang", "WANG FANG", "CN", "phd", Stage.VISA_ISSUED),
    ("arjun.sharma", "ARJUN SHARMA", "IN", "degree", Stage.DOCUMENTS_COMPLETE),
    ("priya.nair", "PRIYA NAIR", "IN", "degree", Stage.ARRIVED),
    ("rahul.verma", "RAHUL VERMA", "IN", "scientist", Stage.ENROLLED),
    ("siti.rahma", "SITI RAHMA", "ID", "exchange", Stage.DECIDED),
    ("budi.santoso", "BUDI SANTOSO", "ID", "teacher", Stage.REGISTERED),
    ("nguyen.an", "NGUYEN VAN AN", "VN", "degree", Stage.INVITATION_REQUESTED),
    ("tran.linh", "TRAN THI LINH", "VN", "degree", Stage.DRAFT),
    ("nurlan.akhmetov", "NURLAN AKHMETOV", "KZ", "degree", Stage.ARRIVED),
    ("dana.seitova", "DANA SEITOVA", "KZ", "exchange", Stage.CONFIRMED),
    ("timur.karimov", "TIMUR KARIMOV", "UZ", "degree", Stage.REGISTERED),
    ("malika.yusupova", "MALIKA YUSUPOVA", "UZ", "phd", Stage.WITHDRAWN),
]

# Russia's non-working days and transfers (Labour Code art. 112 and the yearly transfer
# decree), as published; the operator confirms them in the admin.
CALENDARS = {
    2026: {
        "off": [
            *[date(2026, 1, day) for day in range(1, 10)],
            date(2026, 2, 23),
            date(2026, 3, 9),
            date(2026, 5, 1),
            date(2026, 5, 11),
            date(2026, 6, 12),
            date(2026, 11, 4),
            date(2026, 12, 31),
        ],
        "working": [],
    },
    2027: {
        "off": [
            *[date(2027, 1, day) for day in range(1, 9)],
            date(2027, 2, 23),
            date(2027, 3, 8),
            date(2027, 5, 3),
            date(2027, 5, 10),
            date(2027, 6, 14),
            date(2027, 11, 4),
        ],
        "working": [],
    },
}


def _record(stage: str, arrival: date, pk: int) -> dict:
    """What a move to `stage` records, dated around the planned arrival."""
    records: dict[str, dict] = {
        Stage.DECIDED: {"decision": "accepted", "decision_reason": "meets"},
        Stage.INVITATION_REQUESTED: {"requested_on": arrival - timedelta(days=60)},
        Stage.INVITATION_ISSUED: {"number": f"DEMO-{pk:05d}", "issued_on": arrival - timedelta(30)},
        Stage.VISA_ISSUED: {
            "valid_from": arrival - timedelta(days=5),
            "valid_to": arrival + timedelta(days=85),
            "entries": "single",
        },
        Stage.ARRIVED: {"border_date": arrival},
        Stage.REGISTERED: {
            "address": "Tomsk, Lenina prospekt 36",
            "receiving_party": "International office",
            "registered_on": arrival + timedelta(days=3),
            "valid_until": arrival + timedelta(days=85),
        },
        Stage.ENROLLED: {"order_number": f"ORD-{pk}", "order_date": arrival + timedelta(days=5)},
        Stage.WITHDRAWN: {"reason": "Chose another programme."},
    }
    return records.get(stage, {})


def _documents_accepted(application: Application, office: User) -> None:
    for document in application.documents.exclude(status=Document.Status.ACCEPTED):
        services.document_upload(
            document=document, actor=application.applicant, file_name="demo.pdf", content=PDF
        )
        services.document_check(document=document, actor=office, accept=True)


def case_walk(application: Application, *, to: str, office: User) -> Application:
    """Take a case along the main path to the stage `to` (or withdraw it after submitting),
    each move by whoever makes it and with what it records."""
    final = to
    if to in (Stage.WITHDRAWN, Stage.CANCELLED):
        to = Stage.SUBMITTED
    path = [
        stage
        for stage in MAIN_PATH
        if needs_visa(application.citizenship) or stage not in VISA_STAGES
    ]
    for stage in path[path.index(application.stage) + 1 : path.index(to) + 1]:
        if stage == Stage.DOCUMENTS_COMPLETE:
            _documents_accepted(application, office)
        actor = application.applicant if stage in (Stage.SUBMITTED, Stage.CONFIRMED) else office
        data = _record(stage, application.planned_arrival, application.pk)
        application = services.application_move(
            application=application, to=stage, actor=actor, data=data
        )
    if final != to:
        data = _record(final, application.planned_arrival, application.pk)
        application = services.application_move(
            application=application, to=final, actor=application.applicant, data=data
        )
    return application


def calendars_seed() -> int:
    created = 0
    for year, days in CALENDARS.items():
        calendar, new = WorkCalendar.objects.get_or_create(
            year=year,
            defaults={
                "source": "Labour Code art. 112 and the Government's decree on the transfer of "
                "days off (demo data: confirm against the published decree)",
                "checked_on": date(2026, 12, 6),
            },
        )
        created += new
        for day in days["off"]:
            CalendarDay.objects.get_or_create(
                day=day, defaults={"calendar": calendar, "is_working": False}
            )
        for day in days["working"]:
            CalendarDay.objects.get_or_create(
                day=day, defaults={"calendar": calendar, "is_working": True}
            )
    return created


def _intakes(operator: User, today: date) -> list[Intake]:
    """Intakes on up to eight published products of the demo universities, one a university
    in turn, each on the product's next offering (a September run where it has none)."""
    by_owner: dict[int, list[Product]] = {}
    products = Product.objects.filter(
        status=Product.Status.PUBLISHED,
        ownerships__role="lead",
        ownerships__organization__kind="university",
        ownerships__organization__status="admitted",
    ).order_by("pk")
    for product in products[:200]:
        lead = product.ownerships.get(role="lead").organization_id
        by_owner.setdefault(lead, []).append(product)
    chosen = [p for group in zip(*[g[:3] for g in by_owner.values()], strict=False) for p in group]
    intakes = []
    september = date(today.year + (today.month >= 6), 9, 1)
    for product in chosen[:8]:
        lead = product.ownerships.get(role="lead").organization
        intake = Intake.objects.filter(offering__product=product).first()
        if intake is None:
            offering = Offering.objects.filter(product=product, starts_on__gt=today).first()
            offering = offering or offering_save(
                product=product,
                actor=operator,
                fields={"starts_on": september, "ends_on": september + timedelta(days=300)},
            )
            intake = services.intake_create(
                offering=offering,
                host=lead,
                actor=operator,
                fields={
                    "deadline": today + timedelta(days=60),
                    "places": 20,
                    "scholarship_places": 5,
                    "government_quota_places": 3,
                    "tuition": Decimal("280000.00"),
                    "language_requirement": "Russian B1 or English B2",
                },
            )
        intakes.append(intake)
    return intakes


def _applicant(email: str, name: str, citizenship: str, today: date) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, None)
    if not ApplicantProfile.objects.filter(user=user).exists():
        services.profile_save(
            user=user,
            fields={
                "passport_name": name,
                "citizenship": citizenship,
                "birth_date": date(2003, 5, 17),
                "sex": "f" if name.endswith("A") else "m",
                "passport_number": f"DEMO{zlib.crc32(email.encode()) % 10**7:07d}",
                "passport_expires": today + timedelta(days=365 * 5),
                "residence": citizenship,
            },
            consents={"personal_data": True, "health_data": True},
        )
    return user


def _office(intake: Intake, operator: User) -> User:
    member = (
        Membership.objects.filter(organization=intake.host, role__in=("admin", "editor"))
        .select_related("user")
        .first()
    )
    return member.user if member else operator


@transaction.atomic
def demo_mobility_seed(*, today: date | None = None) -> dict[str, int]:
    """Calendars, intakes and the demo cases; safe to run twice (existing cases are kept)."""
    today = today or timezone.localdate()
    calendars = calendars_seed()
    operator = User.objects.filter(is_operator=True).order_by("pk").first()
    if operator is None:
        return {"calendars": calendars, "intakes": 0, "applications": 0}
    intakes = _intakes(operator, today)
    if not intakes:
        return {"calendars": calendars, "intakes": 0, "applications": 0}
    people = [
        *APPLICANTS,
        (DEMO_APPLICANT, "AIGERIM APPLICANT", "CN", "degree", Stage.INVITATION_ISSUED),
    ]
    for index, (login, name, citizenship, category, stage) in enumerate(people):
        email = login if "@" in login else f"{login}@applicants.demo.example"
        user = _applicant(email, name, citizenship, today)
        intake = intakes[index % len(intakes)]
        if Application.objects.filter(applicant=user, intake=intake).exists():
            continue
        # Cases past arrival arrived recently, so their deadlines are live on the demo's day.
        arrival = (
            today - timedelta(days=5)
            if stage in (Stage.ARRIVED, Stage.REGISTERED, Stage.ENROLLED)
            else today + timedelta(days=70)
        )
        application = services.application_create(
            applicant=user,
            intake=intake,
            category=category,
            planned_arrival=arrival,
            planned_departure=arrival + timedelta(days=300),
        )
        Application.objects.filter(pk=application.pk).update(is_demo=True)
        case_walk(application, to=stage, office=_office(intake, operator))
    return {
        "calendars": calendars,
        "intakes": len(intakes),
        "applications": Application.objects.filter(is_demo=True).count(),
    }


def demo_mobility_seeder(options: DemoOptions) -> Seeded:
    if not DeadlineRule.objects.exists():  # flushed since migrating: the seeded rules again
        migration_rows_restore("mobility", "0002_rules", "seed")
    counts = demo_mobility_seed()
    return Seeded(
        summary=f"{counts['intakes']} intakes, {counts['applications']} demo mobility cases"
    )
