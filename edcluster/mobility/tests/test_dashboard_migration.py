"""Migration 0010 gives each stored move its days in the stage it left, builds the dashboard's
summary of them and notes the stage a withdrawn case left, so an existing database reads the
same dashboard."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("mobility", "0009_next_deadline")]
AFTER = [("mobility", "0010_dashboard")]


@pytest.mark.django_db(transaction=True)
def test_the_history_gets_its_days_and_summary():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    host = apps.get_model("organizations", "Organization").objects.create(slug="tsu", name_en="TSU")
    product = apps.get_model("catalog", "Product").objects.create(
        kind="short_course", title_en="Data", slug="data"
    )
    offering = apps.get_model("catalog", "Offering").objects.create(
        product=product, starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30)
    )
    now = datetime(2026, 5, 1, tzinfo=UTC)
    intake = apps.get_model("mobility", "Intake").objects.create(
        offering=offering, host=host, deadline=date(2026, 6, 1), places=5, tuition=0,
        created_at=now, updated_at=now,
    )  # fmt: skip
    user = apps.get_model("accounts", "User").objects.create(email="a@example.org")
    case = apps.get_model("mobility", "Application").objects.create(
        applicant=user, intake=intake, host=host, category="degree", citizenship="VN",
        planned_arrival=date(2026, 8, 20), planned_departure=date(2027, 7, 1),
        stage="withdrawn", stage_since=now, created_at=now, updated_at=now,
    )  # fmt: skip
    changes = apps.get_model("mobility", "StageChange").objects
    for days, before, after in (
        (0, "", "draft"),
        (1, "draft", "submitted"),
        (4, "submitted", "documents_complete"),
        (9, "documents_complete", "under_review"),
        (12, "under_review", "withdrawn"),
    ):
        at = now + timedelta(days=days, hours=days)
        changes.create(application=case, from_stage=before, to_stage=after, at=at)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    stored = apps.get_model("mobility", "StageChange").objects.order_by("at")
    assert list(stored.values_list("from_days", flat=True)) == [None, 1, 3, 5, 3]
    summary = apps.get_model("mobility", "StageDays").objects.order_by("days", "stage")
    assert list(summary.values_list("host_id", "citizenship", "stage", "days", "moves")) == [
        (host.pk, "VN", "draft", 1, 1),
        (host.pk, "VN", "submitted", 3, 1),
        (host.pk, "VN", "under_review", 3, 1),
        (host.pk, "VN", "documents_complete", 5, 1),
    ]
    assert apps.get_model("mobility", "Application").objects.get().left_stage == "under_review"
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
