"""Named rate limits shared by pages, the API and services, counted in Django's cache.

A limit is declared once, where it is used, with its default::

    JOIN = RateLimit("accounts.join", count=5, seconds=3600)

and an install changes it by name without touching the code: `settings.RATE_LIMITS` maps a
name to "count/seconds" (the environment variable `RATE_LIMITS="accounts.join=10/3600,…"`
fills it). A count of 0 switches the limit off.

Counting is per key: an account (its id), a client address (`client_address`: `REMOTE_ADDR`,
or the `X-Forwarded-For` entry written by the outermost of `settings.TRUSTED_PROXY_COUNT`
trusted proxies) or any text (an e-mail address). `limit.hit(...)` counts one request under
each key given and raises `RateLimited` when any of them is over its count for the current
window (fixed windows of `seconds`; `retry_after` says when the window ends). The counters live
in the default cache: the database cache table shared by every web process, or Redis with
`REDIS_URL`. On Redis the increment is atomic; on the database cache two processes racing may
each let one extra request through, which a limit of this kind tolerates.

How each caller answers a refusal:

- A service raises it (`limit.hit(...)` inside the service): `RateLimited` is a
  `ValidationError`, so a page that shows service errors on its form
  (`core.forms.add_service_errors`) shows the message, and the API answers 429 JSON with
  `Retry-After` (`install_rate_limit_handler`, installed with the API's error handlers).
- A form's `clean()` calls `limit.hit(...)`: the form comes back with the message, like any
  other error. `page_status(form)` gives 429 for such a form (400 for other errors).
- A ninja operation or a view that is not a form: `@rate_limited(LIMIT, by=("user", "address"))`.
  In the API the refusal is the 429 JSON; a page gets a 429 page with the message.
"""

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from edcluster.core.middleware import API_PREFIX

CODE = "rate_limited"


class RateLimited(ValidationError):
    """Too many requests under one of a limit's keys; `retry_after` is in seconds."""

    def __init__(self, *, limit: str, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = max(1, retry_after)
        minutes = max(1, -(-self.retry_after // 60))
        message = ngettext(
            "Too many requests. Try again in %(minutes)d minute.",
            "Too many requests. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        super().__init__(message, code=CODE, params={"retry_after": self.retry_after})


def client_address(request: Any) -> str:
    """The address the request came from.

    `REMOTE_ADDR` unless the platform is behind `settings.TRUSTED_PROXY_COUNT` proxies (default
    0): each proxy appends the address it received the request from to `X-Forwarded-For`, so
    the entry that many places from the right was written by the outermost trusted proxy;
    anything left of it is whatever the client claimed and is never read."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-proxies] if len(hops) >= proxies else hops[0]


def _key_part(value: Any) -> str:
    # Hashed: e-mail addresses and IPv6 addresses stay out of cache keys and their length limits.
    return hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    """At most `count` requests per key in each window of `seconds` (settings may change both)."""

    name: str
    count: int
    seconds: int

    def current(self) -> tuple[int, int]:
        """(count, seconds) in force: `settings.RATE_LIMITS[name]` over the declared default."""
        configured = getattr(settings, "RATE_LIMITS", {}).get(self.name)
        if not configured:
            return self.count, self.seconds
        count, _slash, seconds = str(configured).partition("/")
        return int(count), int(seconds or self.seconds)

    def hit(
        self,
        *,
        request: Any = None,
        user: Any = None,
        address: str | None = None,
        key: str | None = None,
        by: Iterable[str] = ("user", "address"),
    ) -> None:
        """Count one request under each key and raise `RateLimited` if any is over the count.

        Keys: `user` (an account; anonymous users are skipped), `address` (or the request's
        client address when `request` is given and "address" is in `by`), `key` (any text).
        With `request` alone, `by` chooses which of its user and address count."""
        keys = self._keys(request=request, user=user, address=address, key=key, by=by)
        count, seconds = self.current()
        if count <= 0 or not keys:
            return
        now = time.time()
        window = int(now // seconds)
        retry_after = int(seconds - (now % seconds)) + 1
        over = False
        for part in keys:
            cache_key = f"ratelimit:{self.name}:{part}:{window}"
            cache.add(cache_key, 0, timeout=seconds + 1)
            try:
                used = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, timeout=seconds + 1)
                used = 1
            over = over or used > count
        if over:
            raise RateLimited(limit=self.name, retry_after=retry_after)

    def _keys(self, *, request, user, address, key, by) -> list[str]:
        by = set(by)
        if request is not None:
            if user is None and "user" in by:
                user = getattr(request, "user", None)
            if address is None and "address" in by:
                address = client_address(request)
        keys = []
        if user is not None and getattr(user, "is_authenticated", False):
            keys.append(f"user:{user.pk}")
        if address:
            keys.append(f"address:{_key_part(address)}")
        if key:
            keys.append(f"key:{_key_part(key)}")
        return keys

    def reset(
        self, *, user: Any = None, address: str | None = None, key: str | None = None
    ) -> None:
        """Forget the current window's counts of these keys (tests, an operator's unblock)."""
        _count, seconds = self.current()
        window = int(time.time() // seconds)
        for part in self._keys(request=None, user=user, address=address, key=key, by=()):
            cache.delete(f"ratelimit:{self.name}:{part}:{window}")


def is_rate_limited(form: Any) -> bool:
    """Whether a bound form was refused by a rate limit."""
    errors = form.errors.as_data() if form.is_bound else {}
    return any(error.code == CODE for field in errors.values() for error in field)


def page_status(form: Any) -> int:
    """The status of a page showing this form: 429 when a limit refused it, 400 for other
    errors, 200 for a form without errors."""
    if not form.is_bound or not form.errors:
        return 200
    return 429 if is_rate_limited(form) else 400


def refused_page(request: Any, error: RateLimited) -> HttpResponse:
    """A 429 page with the message, for a page that has no form to show it on."""
    response = TemplateResponse(
        request, "core/rate_limited.html", {"message": error.messages[0]}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def rate_limited(
    limit: RateLimit, *, by: Iterable[str] = ("user", "address"), methods: Iterable[str] = ("POST",)
) -> Callable:
    """Decorator for a view or a ninja operation: count each request of these methods.

    Under /api/ the refusal is `refused_json` (429); a page answers `refused_page`."""
    counted = {method.upper() for method in methods}
    keys = tuple(by)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in counted:
                try:
                    limit.hit(request=request, by=keys)
                except RateLimited as error:
                    if request.path.startswith(API_PREFIX):
                        return refused_json(error)
                    return refused_page(request, error)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def refused_json(error: RateLimited) -> HttpResponse:
    """The API's refusal: 429 with `detail`, `retry_after` and the `Retry-After` header."""
    response = JsonResponse(
        {"detail": error.messages[0], "retry_after": error.retry_after}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def install_rate_limit_handler(api: Any) -> None:
    """A `RateLimited` raised anywhere under the API (a service, a schema) answers 429 JSON."""
    api.add_exception_handler(RateLimited, lambda request, error: refused_json(error))
