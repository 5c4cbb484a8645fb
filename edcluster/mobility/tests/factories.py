"""Mobility records for tests, made through the services (audited, with their history)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.catalog.models import Offering
from edcluster.catalog.tests.factories import published
from edcluster.mobility import services
from edcluster.mobility.demo import PDF, case_walk
from edcluster.mobility.models import Application, CalendarDay, Intake, WorkCalendar
from edcluster.testing import PASSWORD


def operator_user() -> User:
    user = User.objects.filter(email="operator-mobility@example.org").first()
    return user or User.objects.create_user(
        "operator-mobility@example.org", PASSWORD, is_operator=True
    )


def intake_make(host, *, title_en: str = "Data science", **fields) -> Intake:
    """An open intake of the host on a published product's autumn run."""
    product = published(owner=host, title_en=title_en, title_ru="Наука о данных")
    today = timezone.localdate()
    offering = Offering.objects.create(
        product=product, starts_on=today + timedelta(days=120), ends_on=today + timedelta(400)
    )
    defaults = {
        "deadline": today + timedelta(days=30),
        "places": 10,
        "scholarship_places": 2,
        "tuition": Decimal("250000.00"),
        "language_requirement": "English B2",
    }
    return services.intake_create(
        offering=offering, host=host, actor=operator_user(), fields=defaults | fields
    )


def applicant_make(
    email: str = "applicant-mob@example.org", *, consents: bool = True, **profile
) -> User:
    """A user with an applicant profile (a Chinese citizen unless told)."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email, PASSWORD)
    defaults = {
        "passport_name": "LI WEI",
        "citizenship": "CN",
        "birth_date": date(2002, 3, 4),
        "sex": "m",
        "passport_number": "E12345678",
        "passport_expires": timezone.localdate() + timedelta(days=365 * 4),
    }
    services.profile_save(
        user=user,
        fields=defaults | profile,
        consents={"personal_data": consents, "health_data": consents},
    )
    return user


def application_make(
    applicant: User, intake: Intake, *, stage: str = "draft", office: User | None = None, **fields
) -> Application:
    """An application taken to `stage` through the real moves."""
    arrival = timezone.localdate() + timedelta(days=90)
    defaults: dict = {
        "category": "degree",
        "planned_arrival": arrival,
        "planned_departure": arrival + timedelta(days=300),
    }
    application = services.application_create(
        applicant=applicant, intake=intake, **(defaults | fields)
    )
    if stage != "draft":
        application = case_walk(application, to=stage, office=office or operator_user())
    return application


def upload(document, actor, content: bytes = PDF):
    return services.document_upload(
        document=document, actor=actor, file_name="file.pdf", content=content
    )


def calendar_make(year: int, *, off=(), working=()) -> WorkCalendar:
    calendar = WorkCalendar.objects.create(
        year=year, source="test calendar", checked_on=date(2026, 1, 1)
    )
    for day in off:
        CalendarDay.objects.create(calendar=calendar, day=day, is_working=False)
    for day in working:
        CalendarDay.objects.create(calendar=calendar, day=day, is_working=True)
    return calendar


def condition_in_effect(host, *, mobilities_per_year: int):
    """A Chinese partner's agreement in effect with the host, and its condition sending students
    to it with this yearly quota (the nomination and dashboard tests' shared setting)."""
    from edcluster.partnerships.models import Agreement
    from edcluster.partnerships.tests.factories import (
        agreement_make,
        condition_make,
        isced_make,
        partner_make,
    )

    isced_make()
    partner = partner_make("shenyang", domain="sylu.edu.cn", name_en="Shenyang Ligong University")
    agreement = agreement_make(host, partner)
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_EFFECT)
    return condition_make(agreement, partner, host, mobilities_per_year=mobilities_per_year)
