"""The stored next deadline (`Application.next_deadline_on`), by which the deadline board is
ordered and paged, equals its recomputation after every kind of write: a draft started or
changed, each move along the chain (visa and visa-free), a withdrawal, a calendar loaded, a
rule changed; the daily scan puts a stale one right; the board pages by it."""

from datetime import timedelta

import pytest
from django.test import Client

from edcluster.mobility import services
from edcluster.mobility.demo import case_walk
from edcluster.mobility.models import Application, DeadlineRule, Stage
from edcluster.mobility.pipeline import MAIN_PATH, VISA_STAGES
from edcluster.mobility.selectors import application_deadlines
from edcluster.mobility.selectors.board import board_deadline
from edcluster.mobility.services.board import next_deadlines_store_all
from edcluster.mobility.services.calendars import calendar_load
from edcluster.mobility.tests.factories import (
    applicant_make,
    application_make,
    intake_make,
    operator_user,
)

pytestmark = pytest.mark.django_db


def recomputed(application: Application):
    fresh = Application.objects.get(pk=application.pk)
    deadlines, _calendar = application_deadlines(fresh)
    due = board_deadline(fresh, deadlines)
    return due.due_on if due else None


def stored(application: Application):
    return Application.objects.values_list("next_deadline_on", flat=True).get(pk=application.pk)


def assert_kept(application: Application) -> None:
    assert stored(application) == recomputed(application)


@pytest.mark.parametrize("citizenship", ["CN", "KZ"])  # with a visa, and visa-free
def test_each_move_keeps_the_stored_next_deadline(organization, citizenship):
    person = applicant_make(f"{citizenship}@example.org", citizenship=citizenship)
    application = application_make(person, intake_make(organization))
    assert stored(application) == application.intake.deadline  # a draft: the intake's
    assert_kept(application)
    services.application_draft_change(
        application=application,
        actor=person,
        category="exchange",
        planned_arrival=application.planned_arrival + timedelta(days=30),
        planned_departure=application.planned_departure,
    )
    assert_kept(application)
    path = [s for s in MAIN_PATH if citizenship == "CN" or s not in VISA_STAGES]
    seen = set()
    for stage in path[1:]:
        application = case_walk(application, to=stage, office=operator_user())
        assert_kept(application)
        seen.add(stored(application) is None)
    assert seen == {True, False}  # some stages watched with a date, others not
    assert stored(application) is None  # completed


def test_a_withdrawal_clears_it_and_a_rule_or_calendar_change_counts_all_again(organization):
    intake = intake_make(organization)
    confirmed = application_make(applicant_make(), intake, stage="confirmed")
    withdrawn = application_make(applicant_make("w@example.org"), intake)
    assert stored(withdrawn) is not None
    services.application_move(application=withdrawn, to=Stage.WITHDRAWN, actor=withdrawn.applicant)
    assert stored(withdrawn) is None
    before = stored(confirmed)
    DeadlineRule.objects.filter(event=DeadlineRule.Event.INVITATION).update(offset=-60)
    assert stored(confirmed) == before  # a rule changed behind the services' back: stale
    assert next_deadlines_store_all(today=confirmed.planned_arrival) >= 1
    assert stored(confirmed) == before - timedelta(days=15)
    assert_kept(confirmed)
    arrived = case_walk(
        application_make(applicant_make("a@example.org"), intake),
        to=Stage.ARRIVED,
        office=operator_user(),
    )
    border, before = arrived.arrival.border_date, stored(arrived)
    holiday = border + timedelta(days=1)
    while holiday.weekday() >= 5:
        holiday += timedelta(days=1)
    calendar_load(text=f"{holiday},off,test holiday\n", source="test", actor=None)
    assert stored(arrived) == before + timedelta(days=1)  # one working day fewer
    assert_kept(arrived)


def test_the_daily_scan_puts_a_stale_date_right(organization):
    application = application_make(applicant_make(), intake_make(organization), stage="confirmed")
    Application.objects.filter(pk=application.pk).update(next_deadline_on=None)
    services.deadlines_remind(today=application.planned_arrival - timedelta(days=100))
    assert_kept(application)
    assert stored(application) is not None


def test_the_board_is_paged_in_the_stored_order(organization, member_editor):
    intake = intake_make(organization)
    for number in range(52):
        application_make(applicant_make(f"p{number}@example.org"), intake, stage="confirmed")
    draft = application_make(applicant_make("draft@example.org"), intake)
    assert stored(draft) is not None  # its applicant's deadline, kept for their status page
    lowest, first = sorted(Application.objects.exclude(pk=draft.pk).values_list("pk", flat=True))[
        ::51
    ]
    Application.objects.filter(pk=first).update(
        next_deadline_on=intake.deadline - timedelta(days=40)
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member_editor)
    page = client.get("/en/mobility/cases/deadlines/").content.decode()
    assert page.count("<tr") == 51  # the header and 50 rows
    assert page.index(f">{first}</a>") < page.index(f">{lowest}</a>")  # stored order
    assert "page 1 of 2" in page
    second = client.get("/en/mobility/cases/deadlines/?page=2").content.decode()
    assert second.count("<tr") == 3  # a draft is its applicant's to send: not on the board
    assert f">{draft.pk}</a>" not in page + second


def test_a_rule_edited_in_the_admin_counts_every_case_again(organization, rf):
    from django.contrib.admin.sites import site

    confirmed = application_make(applicant_make(), intake_make(organization), stage="confirmed")
    before = stored(confirmed)
    rule = DeadlineRule.objects.get(event=DeadlineRule.Event.INVITATION, citizenships="")
    rule.offset -= 15
    request = rf.post("/admin/")
    request.user = operator_user()
    site._registry[DeadlineRule].save_model(request, rule, None, True)
    assert stored(confirmed) == before - timedelta(days=15)
    assert_kept(confirmed)
