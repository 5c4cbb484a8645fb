"""The shared rate limiter: counts per key in the cache, settings change a limit by name, the
client address trusts X-Forwarded-For only behind configured proxies, and each kind of caller
gets its answer (a form with the message, a 429 page, a 429 JSON with Retry-After)."""

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import translation
from ninja import NinjaAPI

from config.urls import urlpatterns as site_urls
from edcluster.core.api import install_error_handlers
from edcluster.core.forms import add_service_errors
from edcluster.core.ratelimit import (
    RateLimit,
    RateLimited,
    client_address,
    page_status,
    rate_limited,
)

LIMIT = RateLimit("test.thing", count=2, seconds=60)

api = NinjaAPI(urls_namespace="ratelimit-test")
install_error_handlers(api)


@api.post("/decorated")
@rate_limited(LIMIT, by=("address",))
def decorated(request):
    return {"ok": True}


@api.post("/service")
def service(request):
    LIMIT.hit(request=request, by=("address",))  # as a service would, deep inside
    return {"ok": True}


@rate_limited(LIMIT, by=("address",))
def page(request):
    return HttpResponse("done")


urlpatterns = [path("api/test/", api.urls), path("page/", page), *site_urls]  # base.html links


def test_a_key_is_refused_after_its_count_and_others_go_on():
    LIMIT.hit(address="10.0.0.1")
    LIMIT.hit(address="10.0.0.1")
    with pytest.raises(RateLimited) as refused:
        LIMIT.hit(address="10.0.0.1")
    assert 1 <= refused.value.retry_after <= 61
    assert refused.value.code == "rate_limited"
    LIMIT.hit(address="10.0.0.2")  # another address has its own count


def test_an_account_and_an_address_count_separately_and_anonymous_users_are_no_key(
    member_editor,
):
    LIMIT.hit(user=member_editor, address="10.0.0.1")
    LIMIT.hit(user=member_editor, address="10.0.0.2")
    with pytest.raises(RateLimited):  # the account's third, from any address
        LIMIT.hit(user=member_editor, address="10.0.0.3")
    LIMIT.reset(user=member_editor)
    LIMIT.hit(user=member_editor)


def test_settings_change_a_limit_by_name_and_zero_switches_it_off(settings):
    settings.RATE_LIMITS = {"test.thing": "1/60"}
    LIMIT.hit(key="someone@example.org")
    with pytest.raises(RateLimited):
        LIMIT.hit(key="someone@example.org")
    settings.RATE_LIMITS = {"test.thing": "0/60"}
    for _attempt in range(10):
        LIMIT.hit(key="someone@example.org")


def test_the_client_address_trusts_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.8.8.8"
    )
    assert client_address(request) == "10.9.9.9"  # default: no proxy, the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "10.8.8.8"
    settings.TRUSTED_PROXY_COUNT = 2  # what the outer proxy saw; the client's own claim ignored
    assert client_address(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 1
    bare = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9")
    assert client_address(bare) == "10.9.9.9"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("operation", ["decorated", "service"])
def test_the_api_answers_429_json_with_retry_after(client, operation):
    for _attempt in range(2):
        assert client.post(f"/api/test/{operation}").status_code == 200
    response = client.post(f"/api/test/{operation}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert response.json()["detail"].startswith("Too many requests")


@pytest.mark.urls(__name__)
def test_a_page_without_a_form_answers_a_429_page(client):
    for _attempt in range(2):
        assert client.post("/page/").status_code == 200
    assert client.get("/page/").status_code == 200  # only the counted methods count
    response = client.post("/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "Retry-After" in response


class Form(forms.Form):
    text = forms.CharField()


def test_a_form_shows_the_refusal_and_its_page_answers_429():
    form = Form({"text": "x"})
    form.is_valid()
    assert page_status(form) == 200
    with translation.override("en"):
        add_service_errors(form, RateLimited(limit="test.thing", retry_after=90))
    assert page_status(form) == 429
    assert "Try again in 2 minutes" in form.non_field_errors()[0]
    other = Form({})
    other.is_valid()
    assert page_status(other) == 400
