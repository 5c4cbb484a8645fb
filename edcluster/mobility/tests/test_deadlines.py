"""Deadlines counted by the rules kept as data, in working days of the work calendar
(hand-computed across the May holidays and a transferred working Saturday), and the daily
reminders, sent once however often the scan runs."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from edcluster.mobility.models import (
    Application,
    Arrival,
    CalendarDay,
    DeadlineRule,
    Reminder,
    Visa,
)
from edcluster.mobility.selectors import application_deadlines, calendar_for, working_days_add
from edcluster.mobility.services import deadlines_remind
from edcluster.mobility.services.reminders import reminders_send
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    calendar_make,
    intake_make,
)

pytestmark = pytest.mark.django_db

MAY_2026 = {"off": [date(2026, 5, 1), date(2026, 5, 11)]}  # May 11: from Saturday May 9
NOVEMBER_2025 = {
    "off": [date(2025, 11, 3), date(2025, 11, 4)],  # Monday 3: transferred from Saturday 1
    "working": [date(2025, 11, 1)],
}


def test_seven_working_days_across_the_may_holidays():
    calendar_make(2026, **MAY_2026)
    calendar = calendar_for({2026})
    # Wednesday 6 May: Thu 7, Fri 8, (weekend 9–10, holiday 11), Tue 12 … Mon 18 is the 7th.
    assert working_days_add(date(2026, 5, 6), 7, calendar) == date(2026, 5, 18)
    # Tuesday 28 April: 29, 30, (1 May, weekend), 4, 5, 6, 7, 8 May.
    assert working_days_add(date(2026, 4, 28), 7, calendar) == date(2026, 5, 8)
    # Twenty working days back from Friday 29 May (visa extension): 28 April.
    assert working_days_add(date(2026, 5, 29), -20, calendar) == date(2026, 4, 29)


def test_a_transferred_working_saturday_counts():
    calendar_make(2025, **NOVEMBER_2025)
    calendar = calendar_for({2025})
    # Thursday 30 October: Fri 31, Sat 1 (working), (Sun 2, 3, 4 off), 5, 6, 7, 10, Tue 11.
    assert working_days_add(date(2025, 10, 30), 7, calendar) == date(2025, 11, 11)


def test_a_year_missing_from_the_calendar_counts_weekends_only():
    calendar = calendar_for({2031})
    assert calendar.missing_years == frozenset({2031})
    # Wednesday 7 May 2031 … no holidays known: Fri 16 May is the 7th weekday after.
    assert working_days_add(date(2031, 5, 7), 7, calendar) == date(2031, 5, 16)


@pytest.fixture
def arrived_case(organization, member_editor):
    intake = intake_make(organization)
    return application_make(applicant_make(), intake, stage="visa_issued", office=member_editor)


def _arrive(application, border: date, visa_to: date | None = None) -> None:
    Arrival.objects.create(application=application, border_date=border)
    if visa_to:
        Visa.objects.filter(application=application).update(
            valid_from=border - timedelta(days=5), valid_to=visa_to
        )


def test_an_applications_deadlines_follow_its_chain(arrived_case):
    calendar_make(2026, **MAY_2026)
    calendar_make(2025)
    calendar_make(2027)
    _arrive(arrived_case, date(2026, 5, 6), visa_to=date(2026, 7, 31))
    case = Application.objects.get(pk=arrived_case.pk)
    case.planned_departure = date(2027, 6, 30)
    deadlines, calendar = application_deadlines(case)
    due = {deadline.event: deadline.due_on for deadline in deadlines}
    assert calendar.missing_years == frozenset()
    assert due["registration"] == date(2026, 5, 18)
    assert due["medical"] == date(2026, 8, 4)  # 90 calendar days after 6 May
    assert due["visa_extension_opens"] == date(2026, 6, 16)  # 45 days before 31 July
    # 20 working days before Friday 31 July 2026 (no holiday between): Friday 3 July.
    assert due["visa_extension"] == date(2026, 7, 3)
    registration = next(d for d in deadlines if d.event == "registration")
    assert registration.rule is not None
    assert "109-FZ" in registration.rule.source


@pytest.mark.parametrize(
    ("citizenship", "days"), [("KZ", 30), ("AM", 30), ("KG", 30), ("UZ", 15), ("TJ", 15)]
)
def test_registration_is_longer_for_some_citizenships(organization, citizenship, days):
    intake = intake_make(organization)
    person = applicant_make(f"{citizenship}@example.org", citizenship=citizenship)
    application = application_make(person, intake, stage="confirmed")
    _arrive(application, date(2026, 9, 1))
    deadlines, _calendar = application_deadlines(Application.objects.get(pk=application.pk))
    registration = next(d for d in deadlines if d.event == "registration")
    assert registration.due_on == date(2026, 9, 1) + timedelta(days=days)
    assert all(d.event != "invitation" for d in deadlines)  # visa-free: no invitation


def test_the_invitation_is_asked_45_days_before_the_arrival(organization):
    application = application_make(applicant_make(), intake_make(organization))
    deadlines, _calendar = application_deadlines(application)
    invitation = next(d for d in deadlines if d.event == "invitation")
    assert invitation.due_on == application.planned_arrival - timedelta(days=45)
    assert invitation.rule is not None
    assert invitation.rule.checked_on is not None


def test_reminders_are_sent_once_when_run_twice(organization, member_editor, member_viewer):
    application = application_make(applicant_make(), intake_make(organization), stage="submitted")
    due = application.planned_arrival - timedelta(days=45)
    counts = deadlines_remind(today=due - timedelta(days=7))
    assert (counts["recorded"], counts["queued"]) == (1, 1)
    assert deadlines_remind(today=due - timedelta(days=7)) == {
        "cases": 1,
        "recorded": 0,
        "queued": 0,
    }
    assert len(mail.outbox) == 1
    assert {"applicant-mob@example.org", member_editor.email} <= set(mail.outbox[0].to)
    assert member_viewer.email not in mail.outbox[0].to  # the office's editors, not viewers
    assert deadlines_remind(today=due - timedelta(days=5))["recorded"] == 0  # none that day
    assert deadlines_remind(today=due + timedelta(days=2))["recorded"] == 1  # missed
    assert deadlines_remind(today=due + timedelta(days=3))["recorded"] == 0
    assert len(mail.outbox) == 2
    assert "missed" in mail.outbox[1].subject
    assert list(Reminder.objects.values_list("days_before", flat=True).order_by("pk")) == [7, 0]
    assert not Reminder.objects.filter(sent_at=None).exists()


def test_a_failed_mail_is_sent_by_a_later_run_and_never_twice(organization, monkeypatch):
    application = application_make(applicant_make(), intake_make(organization), stage="submitted")
    today = application.planned_arrival - timedelta(days=45 + 3)

    def refused(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("edcluster.mobility.services.reminders.send_mail", refused)
    assert deadlines_remind(today=today)["recorded"] == 1
    reminder = Reminder.objects.get()
    assert reminder.sent_at is None
    assert mail.outbox == []
    monkeypatch.undo()
    assert deadlines_remind(today=today) == {"cases": 1, "recorded": 0, "queued": 1}
    assert len(mail.outbox) == 1
    assert deadlines_remind(today=today)["queued"] == 0
    # A batch given to a worker again (or to two workers) mails nothing more.
    assert reminders_send(reminder_ids=[reminder.pk]) == 0
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_the_scan_queues_the_mails_in_batches(organization, monkeypatch):
    intake = intake_make(organization)
    for number in range(3):
        application_make(applicant_make(f"b{number}@example.org"), intake, stage="submitted")
    batches = []
    monkeypatch.setattr("edcluster.mobility.services.reminders.MAIL_BATCH", 2)
    queue = SimpleNamespace(enqueue=lambda *, reminder_ids: batches.append(reminder_ids))
    monkeypatch.setattr("edcluster.mobility.tasks.send_reminders", queue)
    planned = Application.objects.earliest("pk").planned_arrival
    counts = deadlines_remind(today=planned - timedelta(days=45 + 1))
    assert (counts["recorded"], counts["queued"]) == (3, 3)
    assert [len(batch) for batch in batches] == [2, 1]
    assert mail.outbox == []  # queued, not yet sent
    assert Reminder.objects.filter(sent_at=None).count() == 3


def test_the_command_prints_its_summary(capsys):
    call_command("mobility_deadlines")
    assert (
        capsys.readouterr().out.strip() == "0 cases scanned, 0 reminders due, 0 queued for mailing."
    )


def test_the_rules_are_seeded_with_their_sources():
    codes = set(DeadlineRule.objects.values_list("code", flat=True))
    assert {"invitation-request-45", "registration-7-working", "medical-90"} <= codes
    assert not DeadlineRule.objects.filter(source="").exists()


def test_the_calendar_loads_from_a_file_and_a_year_again_replaces_it(tmp_path, capsys):
    path = tmp_path / "2025.csv"
    path.write_text(
        "# day,status,note\n2025-11-01,working,transfer\n2025-11-03,off,transfer\n"
        "2025-11-04,off,Unity Day\n",
        encoding="utf-8",
    )
    call_command("mobility_calendar_load", str(path), "--source", "decree")
    assert capsys.readouterr().out.strip() == "1 calendar years loaded (2025: 3 days)."
    assert working_days_add(date(2025, 10, 30), 7, calendar_for({2025})) == date(2025, 11, 11)
    path.write_text("2025-11-04,off,Unity Day\n", encoding="utf-8")
    call_command("mobility_calendar_load", str(path))
    assert list(CalendarDay.objects.values_list("day", flat=True)) == [date(2025, 11, 4)]


def test_a_bad_calendar_line_loads_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("2025-11-04,off\n2025-13-01,off\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"^\S+ 2: "):  # "Line 2: …" in the reader's language
        call_command("mobility_calendar_load", str(path))
    assert not CalendarDay.objects.exists()
