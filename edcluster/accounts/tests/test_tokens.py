"""API tokens expire, die with the password they were made under, and never make tokens."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from edcluster.accounts.models import ApiToken
from edcluster.accounts.services import api_token_authenticate, api_token_create
from edcluster.core.models import AuditEntry

PASSWORD = "a-Strong-test-passw0rd"
NEW_PASSWORD = "Another-str0ng-passphrase"


def lifetime_days(token: ApiToken) -> int:
    return round((token.expires_at - token.created_at).total_seconds() / 86400)


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.mark.parametrize("days", [30, 90, 365])
def test_a_token_lives_the_days_chosen(db, member_admin, days):
    token, _secret = api_token_create(user=member_admin, name="ci", days=days)
    lifetime = token.expires_at - timezone.now()
    assert timedelta(days=days) - timedelta(minutes=1) < lifetime <= timedelta(days=days)


def test_a_token_lives_90_days_unless_told(db, member_admin):
    token, _secret = api_token_create(user=member_admin, name="ci")
    assert lifetime_days(token) == 90


@pytest.mark.parametrize("days", [0, 1, 89, 366, 36500])
def test_a_lifetime_outside_the_choice_is_refused(db, member_admin, days):
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=member_admin, name="ci", days=days)
    assert "days" in refused.value.message_dict
    assert ApiToken.objects.count() == 0


def test_an_expired_token_is_refused_like_a_revoked_one(db, member_admin):
    token, secret = api_token_create(user=member_admin, name="ci", days=30)
    assert bearer(secret).get("/api/accounts/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(secret=secret) is None
    response = bearer(secret).get("/api/accounts/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def _live(user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


def test_changing_the_password_on_the_page_revokes_every_token(db, client, member_admin):
    _token, secret = api_token_create(user=member_admin, name="ci")
    api_token_create(user=member_admin, name="other")
    client.force_login(member_admin)
    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _live(member_admin) == 0
    assert bearer(secret).get("/api/accounts/me").status_code == 401
    entry = AuditEntry.objects.get(verb="api_token.revoked_all")
    assert entry.data == {"reason": "password_changed", "count": 2}


def test_a_password_reset_revokes_every_token(db, client, member_admin):
    api_token_create(user=member_admin, name="ci")
    uid = urlsafe_base64_encode(force_bytes(member_admin.pk))
    link = f"/en/accounts/password/reset/{uid}/{default_token_generator.make_token(member_admin)}/"
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert _live(member_admin) == 0


def test_a_password_set_anywhere_else_revokes_every_token(db, member_admin, member_editor):
    """The admin and `manage.py changepassword` set the password on the model and save it."""
    api_token_create(user=member_admin, name="ci")
    api_token_create(user=member_editor, name="theirs")
    member_admin.set_password(NEW_PASSWORD)
    member_admin.save()
    assert (_live(member_admin), _live(member_editor)) == (0, 1)


def test_signing_in_or_saving_without_a_new_password_keeps_the_tokens(db, client, member_admin):
    api_token_create(user=member_admin, name="ci")
    member_admin.first_name = "Renamed"
    member_admin.save()
    signed_in = client.post(
        "/en/accounts/login/", {"username": member_admin.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert _live(member_admin) == 1


def test_a_token_cannot_create_a_token(db, member_admin):
    _token, secret = api_token_create(user=member_admin, name="ci")
    response = bearer(secret).post(
        "/api/accounts/tokens",
        {"name": "child"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert "session" in response.json()["detail"]
    assert ApiToken.objects.count() == 1


def test_a_signed_in_session_creates_a_token_with_its_lifetime(db, member_admin_client):
    response = member_admin_client.post(
        "/api/accounts/tokens", {"name": "ci", "days": 30}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    token = ApiToken.objects.get()
    assert lifetime_days(token) == 30
    assert response.json()["expires_at"]
    refused = member_admin_client.post(
        "/api/accounts/tokens", {"name": "ci", "days": 10000}, content_type="application/json"
    )
    assert refused.status_code == 422


def test_the_account_page_creates_a_token_for_the_days_chosen(db, member_admin_client):
    created = member_admin_client.post("/en/accounts/tokens/", {"name": "1C", "days": "365"})
    assert created.status_code == 200
    assert lifetime_days(ApiToken.objects.get()) == 365
    assert b"Expires" in created.content


@pytest.mark.django_db(transaction=True)
def test_tokens_made_before_expiry_existed_get_90_days(member_admin):
    before, after = [("accounts", "0002_initial")], [("accounts", "0003_apitoken_expires_at")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "ApiToken")
    made = timezone.now() - timedelta(days=10)
    token = old.objects.create(
        user_id=member_admin.pk, name="old", prefix="edc_x", token_hash="0" * 64
    )
    old.objects.filter(pk=token.pk).update(created_at=made)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert ApiToken.objects.get(pk=token.pk).expires_at == made + timedelta(days=90)


def test_the_token_list_marks_expired_and_revoked_tokens(db, member_admin, member_admin_client):
    """An expired token is told apart from a live one in the API's list and on the account
    page (it was listed as if it still worked, with a Revoke button)."""
    live, _ = api_token_create(user=member_admin, name="live")
    expired, _ = api_token_create(user=member_admin, name="old")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, _ = api_token_create(user=member_admin, name="gone")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    listed = member_admin_client.get("/api/accounts/tokens").json()
    names = {"live": "active", "old": "expired", "gone": "revoked"}
    assert {token["name"]: token["state"] for token in listed} == names
    page = member_admin_client.get("/en/accounts/profile/").content.decode()
    rows = {name: page[page.index(f"<td>{name}</td>") :].split("</tr>")[0] for name in names}
    assert "expired" in rows["old"]
    assert "Revoke" not in rows["old"]
    assert "Revoke" in rows["live"]
    assert "expired" not in rows["live"]
    assert "revoked" in rows["gone"]
    russian = member_admin_client.get("/ru/accounts/profile/").content.decode()
    assert "истёк" in russian


def test_the_profile_calls_a_persons_name_imya_and_a_tokens_name_nazvanie(
    member_admin, member_admin_client
):
    """One English «Name» was both a person's (Имя) and a token's (Название) on the same page."""
    api_token_create(user=member_admin, name="ci")
    russian = member_admin_client.get("/ru/accounts/profile/").content.decode()
    assert "<dt>Имя</dt>" in russian
    assert "<th>Название</th>" in russian
    assert "<th>Имя</th>" not in russian
