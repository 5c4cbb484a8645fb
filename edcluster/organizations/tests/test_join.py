"""Joining (issue 16, items 6 and 17): the applicant's address is confirmed before the account
works, a registered address gets the same answer (and its owner a mail), passwords have 12
characters and none of the platform's own words, and the form is rate-limited."""

import re

import pytest
from django.core import mail

from edcluster.accounts.models import User
from edcluster.organizations.models import Organization

URL = "/en/organizations/join/"
JOIN = {
    "kind": "non_profit",
    "name_ru": "Фонд",
    "name_en": "Foundation",
    "country": "RU",
    "admin_email": "head@fund.example",
    "admin_first_name": "Анна",
    "admin_last_name": "Иванова",
    "admin_password": "Str0ng-pass-2026!",
}


def _link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _sign_in(client, password=JOIN["admin_password"]):
    return client.post(
        "/en/accounts/login/", {"username": JOIN["admin_email"], "password": password}
    )


def test_the_account_works_only_after_its_address_is_confirmed(
    db, client, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, JOIN)
    assert b"Check your mail" in response.content
    assert [message.to for message in mail.outbox] == [[JOIN["admin_email"]]]  # not operators yet
    assert Organization.objects.get(name_en="Foundation").status == "applied"
    assert _sign_in(client).status_code == 200  # refused: not confirmed
    link = _link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.get(link)
    assert confirmed.status_code == 200
    assert b"confirmed" in confirmed.content
    assert mail.outbox[-1].to == [operator.email]  # the application reaches the operators now
    assert _sign_in(client).status_code == 302
    assert client.get(link).status_code == 400  # a link works once


def test_an_expired_link_confirms_nothing(db, client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, JOIN)
    settings.ACCOUNT_CONFIRM_SECONDS = -1
    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 400
    assert not User.objects.get(email=JOIN["admin_email"]).is_active


def test_a_registered_address_gets_the_same_answer_and_its_owner_a_mail(
    db, client, member_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(URL, JOIN | {"admin_email": "new@fund.example"})
        taken = client.post(URL, JOIN | {"admin_email": member_admin.email, "name_en": "Other"})
    assert taken.status_code == fresh.status_code == 200
    masked = re.compile(rb"[A-Za-z0-9]{64}")  # CSRF tokens: fresh on every page
    assert masked.sub(b"", taken.content.replace(member_admin.email.encode(), b"")) == (
        masked.sub(b"", fresh.content.replace(b"new@fund.example", b""))
    )
    assert not Organization.objects.filter(name_en="Other").exists()
    owner_mail = mail.outbox[-1]
    assert owner_mail.to == [member_admin.email]
    assert "tried to register" in owner_mail.body


@pytest.mark.parametrize(
    "password",
    [
        "Sh0rt-pass!",
        "my-Cluster-2026!",
        "Томск-навсегда-2026",
        "Foundation2026!!",
        "acme-Rocks-2026",
    ],
)
def test_short_passwords_and_the_platforms_own_words_are_refused(
    db, client, organization, password
):
    response = client.post(URL, JOIN | {"admin_password": password})
    assert response.status_code == 400
    assert b'id="id_admin_password_error"' in response.content
    assert not User.objects.filter(email=JOIN["admin_email"]).exists()


def test_the_join_form_is_rate_limited_per_address(db, client):
    for n in range(5):
        response = client.post(URL, JOIN | {"admin_email": f"head{n}@fund.example"})
        assert response.status_code == 200
    response = client.post(URL, JOIN | {"admin_email": "head9@fund.example"})
    assert response.status_code == 429
    assert b"Too many requests" in response.content
    assert not User.objects.filter(email="head9@fund.example").exists()


def test_the_api_answers_an_anonymous_application_the_same_either_way(db, client, member_admin):
    body: dict = {
        "kind": "non_profit",
        "name_ru": "Фонд",
        "name_en": "Foundation",
        "administrator": {
            "email": "head@fund.example",
            "password": "Str0ng-pass-2026!",
            "first_name": "Анна",
            "last_name": "Иванова",
        },
    }
    fresh = client.post("/api/organizations/", body, content_type="application/json")
    body["administrator"]["email"] = member_admin.email
    body["name_en"] = "Other"
    taken = client.post("/api/organizations/", body, content_type="application/json")
    assert fresh.status_code == taken.status_code == 202
    assert (
        fresh.json()["detail"].replace("head@fund.example", member_admin.email)
        == (taken.json()["detail"])
    )
    assert not Organization.objects.filter(name_en="Other").exists()
