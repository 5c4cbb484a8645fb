"""The platform's promises: production settings pass Django's deploy check, pages carry a
strict Content-Security-Policy with no inline scripts, both languages, error pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

import config.settings as project_settings

ROOT = Path(__file__).resolve().parents[3]


def test_deploy_check_passes_with_a_production_environment(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO")
    } | {
        "DEBUG": "0",
        "SECRET_KEY": "k3V!p9#qZ2@wL7$rT5%yB1^nM8&cX4*dF6(hJ0)gS-aE+uI_oR=tY",
        "ALLOWED_HOSTS": "edcluster.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MOBILITY_FILES_KEY": "Yb6kC1sJqv2Q0m9cVhXzq3g6hYI2b1n7lQmZ5pA8r0E=",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"} | {
        "DEBUG": "0"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    options = project_settings.SQLITE_OPTIONS
    assert "journal_mode=WAL" in str(options["init_command"])
    assert int(str(options["timeout"])) >= 5


@pytest.mark.parametrize("path", ["/ru/", "/en/organizations/", "/ru/organizations/join/"])
def test_pages_have_a_strict_policy_and_no_inline_script(db, client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    scripts = re.findall(rb"<script\b[^>]*>", response.content)
    assert scripts, "htmx should be loaded"
    # Every script is loaded from this site; JSON-LD data blocks are never executed.
    assert all(b" src=" in tag or b'type="application/ld+json"' in tag for tag in scripts)
    assert b" on" + b"click=" not in response.content


def test_language_prefixes_switch_the_page_language(db, client):
    russian = client.get("/ru/organizations/")
    english = client.get("/en/organizations/")
    assert '<html lang="ru">' in russian.text
    assert "Участники кластера" in russian.text
    assert "Cluster members" in english.text


def test_the_language_switcher_keeps_the_page(db, client, organization):
    page = client.get("/en/organizations/acme/").text
    assert '<input type="hidden" name="next" value="/ru/organizations/acme/">' in page
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/organizations/acme/"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/organizations/acme/"
    assert response.cookies["django_language"].value == "ru"


@pytest.mark.parametrize(
    ("language", "text"), [("ru", "Страница не найдена"), ("en", "Page not found")]
)
def test_not_found_pages_in_both_languages(db, client, language, text):
    response = client.get(f"/{language}/organizations/no-such-organization/")
    assert response.status_code == 404
    assert text in response.text


def test_the_admin_is_for_operators(db, client, member_admin, operator):
    client.force_login(member_admin)
    assert client.get("/en/admin/organizations/organization/").status_code == 302
    client.force_login(operator)
    assert client.get("/en/admin/organizations/organization/").status_code == 200
    assert client.get("/en/admin/core/auditentry/add/").status_code == 403


def test_health_answers_when_the_database_does(db, client):
    assert client.get("/health").json() == {"status": "ok"}


def test_health_answers_503_in_json_naming_the_database_when_it_is_down(db, client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        response = client.get("/health")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "failing": ["database"]}


def test_the_browser_asking_for_a_favicon_gets_one(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302
    assert answer["Location"] == "/static/favicon.svg"
