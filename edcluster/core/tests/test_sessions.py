"""Sessions end after an idle time (shorter for operators) and after an absolute lifetime, and
a refusal (403) is logged on one line."""

import logging
import time

import pytest

from edcluster.core.middleware import SESSION_SEEN, SESSION_STARTED

PAGE, API = "/en/audit/", "/api/core/audit"


def _age(client, key: str, seconds: int) -> None:
    """Move one of the session's clocks `seconds` into the past."""
    client.get(PAGE)  # the first request sets both clocks
    session = client.session
    session[key] = time.time() - seconds
    session.save()


@pytest.fixture
def limits(settings):
    settings.SESSION_IDLE_SECONDS = 3600
    settings.SESSION_IDLE_SECONDS_OPERATOR = 900
    settings.SESSION_MAX_SECONDS = 86400


def test_an_active_session_goes_on_and_its_idle_clock_is_refreshed(limits, operator_client):
    _age(operator_client, SESSION_SEEN, 600)
    assert operator_client.get(PAGE).status_code == 200
    assert time.time() - operator_client.session[SESSION_SEEN] < 5
    assert operator_client.get(API).status_code == 200


def test_an_idle_operator_is_signed_out_sooner_than_a_member(
    limits, operator_client, member_editor_client
):
    _age(operator_client, SESSION_SEEN, 1000)
    _age(member_editor_client, SESSION_SEEN, 1000)
    response = operator_client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in operator_client.session  # flushed
    assert member_editor_client.get("/api/accounts/me").status_code == 200


def test_an_idle_session_gets_401_json_from_the_api(limits, member_editor_client):
    _age(member_editor_client, SESSION_SEEN, 3700)
    response = member_editor_client.get("/api/accounts/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "_auth_user_id" not in member_editor_client.session


def test_a_session_ends_after_its_lifetime_however_active(limits, member_editor_client):
    _age(member_editor_client, SESSION_STARTED, 86500)
    response = member_editor_client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert member_editor_client.get("/api/accounts/me").status_code == 401


def test_a_refusal_is_logged_on_one_line(member_editor_client, caplog):
    with caplog.at_level(logging.WARNING):
        assert member_editor_client.get(PAGE).status_code == 403
        assert member_editor_client.get(API).status_code == 403
    refusals = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert len(refusals) == 2
    for record in refusals:
        assert record.exc_info is None
        assert not record.exc_text
        assert "\n" not in record.getMessage()
