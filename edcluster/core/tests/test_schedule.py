"""Scheduled work in one place: cron cadences, the crontab lines, the entries due at a minute."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from edcluster.core import schedule


def test_the_platforms_scheduled_work():
    assert [(e.name, e.cron, e.command, e.args) for e in schedule.entries()] == [
        ("catalog_import_purge", "15 3 * * *", "catalog_import_purge", ()),
        ("catalog_reindex_missing", "20 * * * *", "catalog_reindex", ("--missing",)),
        ("matching_draft_proposals", "0 6 * * 1", "matching_draft_proposals", ()),
        ("matching_recompute", "30 2 * * *", "matching_recompute", ()),
        ("mobility_deadlines", "0 8 * * *", "mobility_deadlines", ()),
        ("partnerships_expiry", "0 7 * * *", "partnerships_expiry", ()),
        ("quality_recompute", "45 3 * * *", "quality_recompute", ()),
        ("runs_sweep", "*/5 * * * *", "runs_sweep", ()),
    ]


@pytest.mark.parametrize(
    ("field", "bounds", "values"),
    [
        ("*", (0, 6), {0, 1, 2, 3, 4, 5, 6}),
        ("5", (0, 59), {5}),
        ("1-3,7", (0, 7), {1, 2, 3, 7}),
        ("*/15", (0, 59), {0, 15, 30, 45}),
        ("10-20/5", (0, 59), {10, 15, 20}),
    ],
)
def test_cron_fields(field, bounds, values):
    assert schedule.parse_field(field, *bounds) == values


@pytest.mark.parametrize("cron", ["0 6 * *", "60 * * * *", "* 24 * * *", "*/0 * * * *"])
def test_a_wrong_cadence_fails_when_registered(cron):
    with pytest.raises(ImproperlyConfigured):
        schedule.register("wrong", cron=cron, command="check", doc="")


def test_entries_due_at_a_minute():
    weekly = schedule.Entry("weekly", "0 6 * * 1", "check", (), "")
    assert weekly.due(datetime(2026, 12, 7, 6, 0, tzinfo=UTC))  # a Monday
    assert not weekly.due(datetime(2026, 12, 7, 6, 1, tzinfo=UTC))
    assert not weekly.due(datetime(2026, 12, 8, 6, 0, tzinfo=UTC))
    # both days restricted: either one is enough (cron's rule)
    either = schedule.Entry("either", "0 0 1 * 0", "check", (), "")
    assert either.due(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # a Tuesday, the 1st
    assert either.due(datetime(2026, 12, 6, 0, 0, tzinfo=UTC))  # a Sunday
    assert not either.due(datetime(2026, 12, 2, 0, 0, tzinfo=UTC))


def test_the_command_prints_crontab_lines_and_runs_the_due_ones(monkeypatch):
    out = StringIO()
    call_command("schedule", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "# catalog_import_purge: " + schedule.entries()[0].doc
    assert lines[1].startswith("15 3 * * * ")
    assert lines[1].endswith("/manage.py catalog_import_purge")
    assert lines[-1] == "# schedule: 8 entries"
    assert all(line.startswith("#") or len(line.split()) > 5 for line in lines)  # crontab lines
    ran: list[tuple] = []
    monkeypatch.setattr(
        "edcluster.core.management.commands.schedule.call_command",
        lambda name, *args, **options: ran.append((name, args)),
    )
    monday = datetime(2026, 12, 7, 6, 0, 30, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.localtime", lambda *args: monday)
    out = StringIO()
    call_command("schedule", "--run-due", stdout=out)
    assert ran == [("matching_draft_proposals", ()), ("runs_sweep", ())]
    assert (
        out.getvalue()
        .strip()
        .endswith("due at 2026-12-07 06:00 (matching_draft_proposals, runs_sweep)")
    )
