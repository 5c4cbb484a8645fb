"""The demo's foreign applicants (invented, marked demo): intakes on published products of
the demo universities, forty applicants from six countries at every stage (one registration
overdue, one visa extension due in ten days, one nomination under the TPU–Shenyang Ligong
agreement, two scholars), the demo applicant's own case at "invitation issued" (a dormitory
bed accepted and a buddy), a bed offered to a confirmed case, one dormitory and two buddies
per hosting university, and work calendars for this year and the next."""

import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import Membership, User
from edcluster.catalog.models import Offering, Product
from edcluster.catalog.services import offering_save
from edcluster.core.demo import DemoOptions, Seeded, migration_rows_restore
from edcluster.mobility import selectors, services
from edcluster.mobility.models import (
    Accommodation,
    ApplicantProfile,
    Application,
    Buddy,
    BuddyMatch,
    CalendarDay,
    DeadlineRule,
    Document,
    Dormitory,
    Intake,
    Stage,
    WorkCalendar,
)
from edcluster.mobility.pipeline import MAIN_PATH, VISA_STAGES, needs_visa
from edcluster.mobility.selectors import calendar_for, working_days_add
from edcluster.organizations.models import Organization
from edcluster.partnerships.selectors.nominations import nomination_conditions

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
    ("chen.jie", "CHEN JIE", "CN", "exchange", Stage.DOCUMENTS_COMPLETE),
    ("liu.yang", "LIU YANG", "CN", "degree", Stage.COMPLETED),
    ("zhao.lei", "ZHAO LEI", "CN", "degree", Stage.ARRIVED),  # registration overdue
    ("sun.hui", "SUN HUI", "CN", "exchange", Stage.DECIDED),  # nominated (TPU–SYLU)
    ("huang.yan", "HUANG YAN", "CN", "degree", Stage.CANCELLED),
    ("ananya.iyer", "ANANYA IYER", "IN", "phd", Stage.UNDER_REVIEW),
    ("vikram.singh", "VIKRAM SINGH", "IN", "degree", Stage.REGISTERED),  # visa extension
    ("deepa.menon", "DEEPA MENON", "IN", "exchange", Stage.SUBMITTED),
    ("karan.mehta", "KARAN MEHTA", "IN", "degree", Stage.INVITATION_ISSUED),
    ("dewi.lestari", "DEWI LESTARI", "ID", "degree", Stage.SUBMITTED),
    ("agus.pratama", "AGUS PRATAMA", "ID", "phd", Stage.CONFIRMED),
    ("putri.handayani", "PUTRI HANDAYANI", "ID", "exchange", Stage.DRAFT),
    ("rizky.saputra", "RIZKY SAPUTRA", "ID", "degree", Stage.UNDER_REVIEW),
    ("pham.minh", "PHAM MINH", "VN", "degree", Stage.VISA_ISSUED),
    ("le.thu", "LE THI THU", "VN", "exchange", Stage.DOCUMENTS_COMPLETE),
    ("hoang.nam", "HOANG NAM", "VN", "phd", Stage.ENROLLED),
    ("vu.huong", "VU THI HUONG", "VN", "degree", Stage.DECIDED),
    ("aruzhan.bekova", "ARUZHAN BEKOVA", "KZ", "degree", Stage.REGISTERED),
    ("yerlan.omarov", "YERLAN OMAROV", "KZ", "degree", Stage.SUBMITTED),
    ("saule.nurpeisova", "SAULE NURPEISOVA", "KZ", "exchange", Stage.ENROLLED),
    ("askar.zhumabayev", "ASKAR ZHUMABAYEV", "KZ", "degree", Stage.COMPLETED),
    ("dilnoza.rakhimova", "DILNOZA RAKHIMOVA", "UZ", "degree", Stage.ARRIVED),
    ("jasur.tashkentov", "JASUR TASHKENTOV", "UZ", "exchange", Stage.UNDER_REVIEW),
    ("bobur.aliev", "BOBUR ALIEV", "UZ", "degree", Stage.DECIDED),
    ("shahnoza.ergasheva", "SHAHNOZA ERGASHEVA", "UZ", "degree", Stage.CANCELLED),
]
REGISTRATION_OVERDUE = "zhao.lei"
VISA_EXTENSION_SOON = "vikram.singh"
NOMINATED = "sun.hui"
BED_OFFERED = "dana.seitova"  # confirmed: a bed offered, not yet answered
# The languages the demo applicants speak, by citizenship (their buddies are matched on them).
LANGUAGES = {
    "CN": "Chinese, English",
    "IN": "Hindi, English",
    "ID": "Indonesian, English",
    "VN": "Vietnamese, English",
    "KZ": "Kazakh, Russian",
    "UZ": "Uzbek, Russian",
}

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
        Stage.CANCELLED: {"reason": "Did not answer the office's letters."},
    }
    return records.get(stage, {})


def _documents_accepted(application: Application, office: User) -> None:
    for document in application.documents.exclude(status=Document.Status.ACCEPTED):
        services.document_upload(
            document=document, actor=application.applicant, file_name="demo.pdf", content=PDF
        )
        services.document_check(document=document, actor=office, accept=True)


def case_walk(
    application: Application, *, to: str, office: User, records: dict | None = None
) -> Application:
    """Take a case along the main path to the stage `to` (or withdraw or cancel it after
    submitting), each move by whoever makes it and with what it records (`records` by stage
    where it differs from the usual)."""
    records = records or {}
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
        data = records.get(stage) or _record(stage, application.planned_arrival, application.pk)
        application = services.application_move(
            application=application, to=stage, actor=actor, data=data
        )
    if final != to:
        data = _record(final, application.planned_arrival, application.pk)
        actor = application.applicant if final == Stage.WITHDRAWN else office
        application = services.application_move(
            application=application, to=final, actor=actor, data=data
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
                "languages": LANGUAGES.get(citizenship, "English"),
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
    host_tpu = next((intake for intake in intakes if intake.host.slug == "tpu"), None)
    for index, (login, name, citizenship, category, stage) in enumerate(people):
        email = login if "@" in login else f"{login}@applicants.demo.example"
        user = _applicant(email, name, citizenship, today)
        intake = intakes[index % len(intakes)]
        if login == NOMINATED and host_tpu is not None:
            intake = host_tpu
        if Application.objects.filter(applicant=user, intake=intake).exists():
            continue
        _case_seed(user, intake, login, category, stage, today, _office(intake, operator))
    _stay_seed(intakes, operator)
    return {
        "calendars": calendars,
        "intakes": len(intakes),
        "applications": Application.objects.filter(is_demo=True).count(),
    }


# Cases past arrival arrived recently, so their deadlines are live on the demo's day; the one
# whose registration is overdue crossed the border 15 days ago; completed ones long ago.
ARRIVAL_DAYS: dict[str, int] = {
    Stage.ARRIVED: -5,
    Stage.REGISTERED: -5,
    Stage.ENROLLED: -5,
    Stage.COMPLETED: -200,
}


def _case_seed(
    user: User, intake: Intake, login: str, category: str, stage: str, today: date, office: User
) -> Application:
    offset = -15 if login == REGISTRATION_OVERDUE else ARRIVAL_DAYS.get(stage, 70)
    arrival = today + timedelta(days=offset)
    application = services.application_create(
        applicant=user,
        intake=intake,
        category=category,
        planned_arrival=arrival,
        planned_departure=arrival + timedelta(days=300),
    )
    Application.objects.filter(pk=application.pk).update(is_demo=True)
    if login == NOMINATED:
        _nominate(application, office)
    records = {}
    if login == VISA_EXTENSION_SOON:
        records[Stage.VISA_ISSUED] = {
            "valid_from": arrival - timedelta(days=5),
            "valid_to": _visa_end_for_extension_in(today, days=10),
            "entries": "single",
        }
    return case_walk(application, to=stage, office=office, records=records)


def _stay_seed(intakes: list[Intake], operator: User) -> None:
    """A dormitory and two buddies per hosting university; a bed offered to a confirmed case,
    and the demo applicant's bed accepted and buddy assigned (kept when run again)."""
    for host in {intake.host for intake in intakes}:
        # A Tomsk dormitory's own name and address, as its signs and the city's maps have them.
        Dormitory.objects.get_or_create(
            host=host,
            name="Общежитие № 1",
            defaults={
                "address": ", ".join(filter(None, [host.city, "ул. Студенческая, 1"])),
                "capacity": 40,
            },
        )
        for login, first, last, languages in (
            ("alina", "Алина", "Сергеева", "Russian, English, Chinese"),
            ("erlan", "Ерлан", "Нурланов", "Kazakh, Russian"),
        ):
            email = f"buddy.{login}.{host.slug}@students.demo.example"
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email, None, first_name=first, last_name=last
            )
            Buddy.objects.get_or_create(host=host, user=user, defaults={"languages": languages})
    cases = Application.objects.filter(
        is_demo=True,
        applicant__email__in=[DEMO_APPLICANT, f"{BED_OFFERED}@applicants.demo.example"],
    ).select_related("host", "applicant__applicant_profile")
    for application in cases:
        dormitory = Dormitory.objects.filter(host_id=application.host_id).first()
        if dormitory is None or Accommodation.objects.filter(application=application).exists():
            continue
        office = _office(application.intake, operator)
        services.accommodation_offer(
            application=application,
            actor=office,
            dormitory_id=dormitory.pk,
            room=f"{100 + application.pk % 300}",
            from_date=application.planned_arrival,
            until_date=application.planned_departure,
        )
        if application.applicant.email != DEMO_APPLICANT:
            continue
        services.accommodation_answer(
            application=application, actor=application.applicant, accept=True
        )
        suggested = selectors.buddy_suggestions(application)
        if suggested and not BuddyMatch.objects.filter(application=application).exists():
            services.buddy_assign(application=application, actor=office, buddy_id=suggested[0].pk)


def _visa_end_for_extension_in(today: date, *, days: int) -> date:
    """A visa end whose extension deadline (20 working days before it, the seeded rule) falls
    `days` days from today, or the first working day after when that day is not one."""
    calendar = calendar_for({today.year, today.year + 1})
    target = today + timedelta(days=days)
    end = target
    while working_days_add(end, -20, calendar) < target:
        end += timedelta(days=1)
    return end


def _nominate(application: Application, office: User) -> None:
    """The nomination under the TPU–Shenyang Ligong double degree's condition, when the
    partnerships demo seeded it."""
    partner = Organization.objects.filter(slug="sylu").first()
    if partner is None:
        return
    condition = nomination_conditions(host_id=application.host_id, partner_id=partner.pk).first()
    if condition is not None:
        services.application_nominate(
            application=application, actor=office, condition_id=condition.pk
        )


def demo_mobility_seeder(options: DemoOptions) -> Seeded:
    if not DeadlineRule.objects.exists():  # flushed since migrating: the seeded rules again
        migration_rows_restore("mobility", "0002_rules", "seed")
        migration_rows_restore("mobility", "0005_rule_sources_visa_free", "seed")
    counts = demo_mobility_seed()
    return Seeded(
        summary=f"{counts['intakes']} intakes, {counts['applications']} demo mobility cases"
    )
