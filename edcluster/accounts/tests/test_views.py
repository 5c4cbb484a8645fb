from django.core import mail


def test_login_with_the_right_password_signs_in(db, client, member_admin):
    response = client.post(
        "/en/accounts/login/",
        {"username": member_admin.email, "password": "a-Strong-test-passw0rd"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member_admin.pk)


def test_password_reset_mails_a_link(db, client, member_admin):
    response = client.post("/en/accounts/password/reset/", {"email": member_admin.email})
    assert response.status_code == 302
    assert mail.outbox[0].to == [member_admin.email]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_token_secret_appears_once_on_the_page(db, member_admin_client):
    created = member_admin_client.post("/en/accounts/tokens/", {"name": "1C"})
    assert b'id="new-secret"' in created.content
    again = member_admin_client.get("/en/accounts/profile/")
    assert b'id="new-secret"' not in again.content
    assert b"1C" in again.content


def test_an_empty_token_name_shows_the_form_again(db, member_admin_client):
    response = member_admin_client.post("/en/accounts/tokens/", {"name": ""})
    assert response.status_code == 400
    assert b'id="id_name_error"' in response.content
