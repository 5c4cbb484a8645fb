"""A would-be applicant from abroad makes their own account (issue 20, "sign-up with e-mail
confirmation"): inactive until the mailed link is followed, the same answer for a taken
address, names in Latin, Django's password rules, and where they were going (`next`) kept
through the mail, the confirmed page and signing in."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail

from edcluster.accounts.models import User
from edcluster.core.models import AuditEntry
from edcluster.mobility.services import SIGN_UP
from edcluster.mobility.tests.factories import intake_make
from edcluster.testing import PASSWORD

URL = "/en/mobility/sign-up/"
API = "/api/mobility/sign-up"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
STRONG = "Blue-harbour-2026!"
FORM = {
    "first_name": "An",
    "last_name": "Nguyen Van",
    "email": "An.Nguyen@Example.org",
    "password": STRONG,
    "password2": STRONG,
}


CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")\w+')


def _link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+)", message.body)
    assert found, message.body
    return found.group(1)


def _sign_up(client, capture, data=None, **extra):
    with capture(execute=True):
        return client.post(URL, data or FORM, **extra)


def test_the_page_renders_in_english(client):
    page = client.get(URL, **EN)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Create an applicant account" in content
    assert 'name="csrfmiddlewaretoken"' in content
    for name in ("first_name", "last_name", "email", "password", "password2"):
        assert f'name="{name}"' in content
    assert "A new password revokes" not in content  # a hook, not a rule for a first password


def test_a_sign_up_makes_an_inactive_account_whose_mailed_link_opens_it(
    db, client, django_capture_on_commit_callbacks
):
    response = _sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert b"Check your mail" in response.content
    user = User.objects.get(email="an.nguyen@example.org")
    assert (user.first_name, user.last_name, user.is_active) == ("An", "Nguyen Van", False)
    assert not user.memberships.exists()
    assert not user.is_operator
    assert AuditEntry.objects.filter(verb="user.registered", target_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.nguyen@example.org"]
    signing_in = {"username": "an.nguyen@example.org", "password": STRONG}
    assert client.post("/en/accounts/login/", signing_in).status_code == 200  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.get(_link(mail.outbox[0]), **EN)
    assert confirmed.status_code == 200
    assert "Your address is confirmed" in confirmed.content.decode()
    assert "Management Company" not in confirmed.content.decode()  # no organization's
    assert '/en/accounts/login/?next=/en/mobility/"' in confirmed.content.decode()
    user.refresh_from_db()
    assert user.is_active
    signed_in = client.post("/en/accounts/login/?next=/en/mobility/", signing_in)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/en/mobility/"


def test_next_is_kept_through_the_mail_to_the_wizard(
    db, client, organization, django_capture_on_commit_callbacks
):
    intake = intake_make(organization)
    apply = f"/en/mobility/intakes/{intake.pk}/apply/"
    page = client.get(f"{URL}?next={apply}", **EN).content.decode()
    assert f'name="next" value="{apply}"' in page
    _sign_up(client, django_capture_on_commit_callbacks, FORM | {"next": apply})
    link = _link(mail.outbox[0])
    assert unquote(link).endswith(f"?next={apply}")
    confirmed = client.get(link, **EN).content.decode()
    assert f'/en/accounts/login/?next={apply}"' in confirmed
    signed_in = client.post(
        f"/en/accounts/login/?next={apply}",
        {"username": "an.nguyen@example.org", "password": STRONG},
    )
    assert signed_in["Location"] == apply
    wizard = client.get(apply)  # the wizard begins with the profile
    assert wizard.status_code == 302
    assert wizard["Location"].endswith("/apply/profile/")


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_a_next_elsewhere_is_dropped(db, client, django_capture_on_commit_callbacks, target):
    page = client.get(URL, {"next": target}, **EN)
    assert page.context["form"]["next"].value() == ""
    assert 'href="/en/accounts/login/?next=/en/mobility/"' in page.content.decode()
    _sign_up(client, django_capture_on_commit_callbacks, FORM | {"next": target})
    link = _link(mail.outbox[0])
    assert "evil" not in unquote(link)
    assert "javascript" not in link
    assert link.endswith("?next=%2Fen%2Fmobility%2F")  # the intakes instead
    # A link whose next was changed by hand confirms, and leads nowhere else.
    forged = link.split("?")[0] + "?next=https://evil.example/"
    confirmed = client.get(forged, **EN)
    assert "Your address is confirmed" in confirmed.content.decode()
    assert confirmed.context["next"] == ""
    assert 'href="/en/accounts/login/"' in confirmed.content.decode()


def test_a_taken_address_answers_the_same_and_makes_nothing(
    db, client, member_editor, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    data = FORM | {"email": member_editor.email.upper()}
    response = _sign_up(client, django_capture_on_commit_callbacks, data, **EN)
    fresh = _sign_up(client, django_capture_on_commit_callbacks, **EN)
    assert response.status_code == fresh.status_code == 200
    shown = [
        CSRF.sub("", page.content.decode()).replace(address, "ADDRESS")
        for page, address in ((response, member_editor.email.upper()), (fresh, FORM["email"]))
    ]
    assert shown[0] == shown[1]
    assert User.objects.count() == before + 1  # the fresh address only
    assert User.objects.get(pk=member_editor.pk).check_password(PASSWORD)
    assert [message.to for message in mail.outbox] == [
        [member_editor.email],
        ["an.nguyen@example.org"],
    ]
    assert "/confirm/" not in mail.outbox[0].body  # its owner is told, no link


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password": "short", "password2": "short"}, "password", "too short"),
        ({"password": "password1234", "password2": "password1234"}, "password", "too common"),
        ({"password": "nguyenvan-an", "password2": "nguyenvan-an"}, "password", "too similar"),
        ({"password2": STRONG + "x"}, "password2", "didn’t match"),
        ({"email": "an.nguyen@"}, "email", "valid email"),
        ({"first_name": "Ань"}, "first_name", "Latin letters"),
        ({"last_name": ""}, "last_name", "required"),
    ],
)
def test_bad_input_shows_the_form_again_naming_the_field(
    db, client, django_capture_on_commit_callbacks, change, field, message
):
    response = _sign_up(client, django_capture_on_commit_callbacks, FORM | change, **EN)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert not User.objects.filter(email="an.nguyen@example.org").exists()
    assert mail.outbox == []


def test_signed_in_people_go_to_the_intakes(outsider_client):
    before = User.objects.count()
    for response in (outsider_client.get(URL), outsider_client.post(URL, FORM)):
        assert response.status_code == 302
        assert response["Location"] == "/en/mobility/"
    assert User.objects.count() == before


def test_the_form_needs_its_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, FORM)
    assert response.status_code == 403
    assert not User.objects.exists()


def test_sign_ups_are_limited_per_client_address(db, client, settings):
    settings.RATE_LIMITS = {SIGN_UP.name: "2/3600"}
    for number in range(2):
        client.post(URL, FORM | {"email": f"person{number}@example.org"})
    refused = client.post(URL, FORM | {"email": "person9@example.org"}, **EN)
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert not User.objects.filter(email="person9@example.org").exists()


def test_one_address_is_mailed_a_few_times_at_most(
    db, client, settings, django_capture_on_commit_callbacks
):
    """Someone typing another's address again and again does not flood their mailbox; each
    attempt is answered the same."""
    for _attempt in range(5):
        assert _sign_up(client, django_capture_on_commit_callbacks).status_code == 200
    assert len(mail.outbox) == 3  # one link, then two notes that the address is taken


def test_the_pages_link_to_sign_up_and_sign_in(db, client, organization):
    intake = intake_make(organization)
    apply = f"/en/mobility/intakes/{intake.pk}/apply/"
    home = client.get("/en/mobility/", **EN).content.decode()
    assert 'href="/en/mobility/sign-up/"' in home
    assert "/en/accounts/login/?next=/en/mobility/" in home
    detail = client.get(f"/en/mobility/intakes/{intake.pk}/", **EN).content.decode()
    assert f'href="/en/mobility/sign-up/?next={apply}"' in detail
    assert f'href="/en/accounts/login/?next={apply}"' in detail
    login = client.get(f"/en/accounts/login/?next={apply}", **EN).content.decode()
    assert f'href="/en/mobility/sign-up/?next={apply}"' in login
    assert "/mobility/sign-up/" not in client.get("/en/accounts/login/", **EN).content.decode()


def test_the_api_answers_202_and_the_link_opens_the_account(
    db, client, django_capture_on_commit_callbacks
):
    payload = {k: FORM[k] for k in ("email", "password", "first_name", "last_name")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, payload, content_type="application/json", **EN)
    assert response.status_code == 202
    assert "Check your mail" in response.json()["detail"]
    assert not User.objects.get(email="an.nguyen@example.org").is_active
    assert len(mail.outbox) == 1
    client.get(_link(mail.outbox[0]))
    assert User.objects.get(email="an.nguyen@example.org").is_active


def test_the_api_answers_a_taken_address_the_same(db, client, member_editor):
    payload = {"email": member_editor.email, "password": STRONG}
    payload |= {"first_name": "An", "last_name": "Nguyen"}
    response = client.post(API, payload, content_type="application/json", **EN)
    assert response.status_code == 202
    assert response.json() == {
        "detail": f"Check your mail: follow the link sent to {member_editor.email} to confirm "
        "the address."
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "short"}, "password"),
        ({"email": "nobody"}, "email"),
        ({"last_name": "Нгуен"}, "last_name"),
    ],
)
def test_the_api_names_the_bad_field(db, client, change, field):
    payload = {"email": "an@example.org", "password": STRONG, "first_name": "An"}
    payload |= {"last_name": "Nguyen"} | change
    response = client.post(API, payload, content_type="application/json", **EN)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not User.objects.filter(email="an@example.org").exists()


def test_the_api_refuses_the_signed_in(outsider_client):
    payload = {"email": "an@example.org", "password": STRONG}
    payload |= {"first_name": "An", "last_name": "Nguyen"}
    response = outsider_client.post(API, payload, content_type="application/json")
    assert response.status_code == 403
    assert not User.objects.filter(email="an@example.org").exists()


def test_a_link_followed_twice_says_sign_in_and_a_forged_one_offers_both_ways_in(
    db, client, organization, django_capture_on_commit_callbacks
):
    intake = intake_make(organization)
    apply = f"/en/mobility/intakes/{intake.pk}/apply/"
    _sign_up(client, django_capture_on_commit_callbacks, FORM | {"next": apply})
    link = _link(mail.outbox[0])
    assert client.get(link, **EN).status_code == 200
    again = client.get(link, **EN)
    assert again.status_code == 400
    page = again.content.decode()
    assert "This address is confirmed already: sign in." in page
    assert f'/en/accounts/login/?next={apply}"' in page
    forged = client.get("/en/accounts/confirm/not-a-token/", **EN)
    assert forged.status_code == 400
    page = forged.content.decode()
    assert "Sign up again" in page
    assert 'href="/en/mobility/sign-up/"' in page
    assert 'href="/en/organizations/join/"' in page
