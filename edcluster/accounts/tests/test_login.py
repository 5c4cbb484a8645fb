"""Login throttling (issue 16, item 2): failures slow down one (account, address) pair with a
growing delay; a right password from an address that has not failed for the account always
signs in; the address comes from X-Forwarded-For only behind configured proxies; sign-ins,
failures and lockouts are audited."""

import time

import pytest

from edcluster.accounts.services import login_failure_record, login_wait_seconds
from edcluster.core.models import AuditEntry

URL = "/en/accounts/login/"
RIGHT = "a-Strong-test-passw0rd"


def _login(client, email, password, address="10.0.0.1", **headers):
    return client.post(
        URL, {"username": email, "password": password}, REMOTE_ADDR=address, **headers
    )


@pytest.fixture
def throttle(settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_DELAY_SECONDS = 30
    settings.LOGIN_THROTTLE_MAX_DELAY_SECONDS = 900


def test_failures_never_lock_the_account_against_another_address(throttle, client, member_admin):
    for _attempt in range(10):
        _login(client, member_admin.email, "wrong", address="6.6.6.6")
    response = _login(client, member_admin.email, RIGHT, address="10.0.0.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_admin.pk)


def test_failures_from_one_address_never_lock_other_accounts(
    throttle, client, member_admin, member_editor
):
    for _attempt in range(25):  # 25 failures against one account from a shared (proxy) address
        _login(client, member_admin.email, "wrong", address="10.0.0.1")
    response = _login(client, member_editor.email, RIGHT, address="10.0.0.1")
    assert response.status_code == 302


def test_the_pair_pauses_with_a_growing_delay(throttle, client, member_admin):
    for _attempt in range(3):
        assert _login(client, member_admin.email, "wrong").status_code == 200
    response = _login(client, member_admin.email, RIGHT)
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session
    first = login_wait_seconds(email=member_admin.email, address="10.0.0.1")
    assert 25 <= first <= 30
    login_failure_record(email=member_admin.email, address="10.0.0.1")  # one more failure
    assert 55 <= login_wait_seconds(email=member_admin.email, address="10.0.0.1") <= 60


def test_the_pair_signs_in_once_its_delay_has_passed(throttle, client, member_admin, monkeypatch):
    for _attempt in range(3):
        _login(client, member_admin.email, "wrong")
    later = time.time() + 31
    monkeypatch.setattr("edcluster.accounts.services.time.time", lambda: later)
    assert _login(client, member_admin.email, RIGHT).status_code == 302
    assert login_wait_seconds(email=member_admin.email, address="10.0.0.1") == 0


def test_the_address_is_read_from_forwarded_for_only_behind_trusted_proxies(
    throttle, settings, client, member_admin
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(3):
        _login(
            client,
            member_admin.email,
            "wrong",
            address="10.0.0.254",
            HTTP_X_FORWARDED_FOR="6.6.6.6",
        )
    # Behind the proxy the attacker's pair is paused, the same account elsewhere is not.
    assert login_wait_seconds(email=member_admin.email, address="6.6.6.6") > 0
    response = _login(
        client, member_admin.email, RIGHT, address="10.0.0.254", HTTP_X_FORWARDED_FOR="5.5.5.5"
    )
    assert response.status_code == 302


def test_sign_ins_failures_and_lockouts_are_audited(throttle, client, member_admin):
    for _attempt in range(3):
        _login(client, member_admin.email, "wrong")
    _login(client, member_admin.email, RIGHT)  # refused: paused
    _login(client, member_admin.email, RIGHT, address="10.0.0.2")
    verbs = list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs.count("login.failed") == 3
    assert verbs.count("login.locked") == 1
    assert verbs.count("login.refused") == 1
    assert verbs[-1] == "login.succeeded"
    failed = AuditEntry.objects.filter(verb="login.failed").earliest("pk")
    assert failed.data["address"] == "10.0.0.1"
    assert failed.target_id == str(member_admin.pk)


def test_the_address_signs_in_whatever_its_letter_case(client, member_admin):
    typed = member_admin.email.upper()
    assert typed != member_admin.email
    response = _login(client, typed, RIGHT)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_admin.pk)


def test_a_wrong_password_in_another_case_still_fails_and_is_counted(client, member_admin):
    response = _login(client, member_admin.email.upper(), "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    failure = AuditEntry.objects.get(verb="login.failed")
    assert failure.data["email"] == member_admin.email
