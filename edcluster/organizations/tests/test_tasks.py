"""Notifications go through Django's tasks framework: in-process by default, and through the
database queue and its worker in production (TASKS_BACKEND=database)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from edcluster.organizations import services


def apply():
    return services.organization_apply(
        fields={"name_ru": "Фонд", "name_en": "Fund", "kind": "non_profit"},
        admin_email="head@fund.example",
        admin_password="Str0ng-pass-2026!",
    )


def test_with_the_database_backend_the_worker_sends_the_mail(
    transactional_db, settings, operator, django_capture_on_commit_callbacks
):
    # transactional_db: the worker closes connections between tasks, as it must in production,
    # which would end a test-wide transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        apply()
    assert mail.outbox == []  # queued, not sent by the web request
    queued = DBTaskResult.objects.get()  # the applicant's confirmation; operators wait for it
    assert queued.task_path.endswith("send_confirmation")
    assert queued.args_kwargs["kwargs"]["user_id"] > 0

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [message.to for message in mail.outbox] == [["head@fund.example"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_nothing_is_enqueued_when_the_application_fails(
    db, settings, operator, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.organization_apply(
            fields={"name_ru": "Фонд", "name_en": "Fund", "kind": "nonsense"},
            admin_email="head@fund.example",
            admin_password="Str0ng-pass-2026!",
        )
    assert DBTaskResult.objects.count() == 0
