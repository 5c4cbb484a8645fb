"""Password reset (issue 16, item 11): mails are limited per account and requests per address,
and the answer is the same whether the address has an account or not."""

from django.core import mail

URL = "/en/accounts/password/reset/"


def _reset(client, email, address="10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_ten_requests_for_one_account_send_at_most_three_mails(client, member_admin):
    answers = [_reset(client, member_admin.email, address=f"10.0.0.{n}") for n in range(10)]
    assert {answer.status_code for answer in answers} == {302}  # the same answer every time
    assert len(mail.outbox) == 3


def test_an_address_that_asks_too_often_gets_the_form_again(client, member_admin):
    for n in range(10):
        assert _reset(client, f"someone{n}@example.org").status_code == 302
    response = client.post(
        URL, {"email": member_admin.email}, REMOTE_ADDR="10.0.0.1", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert b"Too many requests" in response.content
    assert len(mail.outbox) == 0


def test_an_unknown_address_is_answered_like_a_known_one(client, member_admin):
    known = _reset(client, member_admin.email)
    unknown = _reset(client, "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    for _attempt in range(5):
        unknown = _reset(client, "nobody@example.org")
    assert unknown.status_code == 302
