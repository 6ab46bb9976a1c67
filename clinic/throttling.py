"""Throttling: a request budget per API client, and a brake on guessing admin passwords.

Counters live in Django's cache. The default local-memory cache counts per process; with several
worker processes set ``CACHE_URL=redis://...`` so that every worker shares one count.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from clinic.models import ApiClient
from clinic.tenancy import client_address

if TYPE_CHECKING:
    from rest_framework.views import APIView


class ApiClientRateThrottle(SimpleRateThrottle):
    """``API_CLIENT_RATE`` requests per client (e.g. ``1200/min``); DRF answers 429 + Retry-After.

    One bucket per API client id, not per address: an EHR behind a NAT is one client, and two
    clients of one clinic do not eat each other's budget.

    The budget is a leaky bucket kept as one number, the generic cell rate algorithm (GCRA):
    ``1200/min`` lets a client send 1,200 requests at once and then one every 50 ms. DRF's own
    throttle keeps the time of every request of the last period and copies that list in and out
    of the cache on every request, which at a busy client's rate is thousands of timestamps per
    request (docs/performance.md).
    """

    scope = "api_client"
    wait_seconds: float | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        allowed, period = self.parse_rate(self.rate)
        if not allowed or not period:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        interval = period / allowed
        # The theoretical arrival time: when the bucket will be empty again.
        empty_at = max(float(self.cache.get(key, now)), now)
        over_by = empty_at - now - (period - interval)
        if over_by > 0:
            self.wait_seconds = over_by
            return False
        empty_at += interval
        self.cache.set(key, empty_at, math.ceil(empty_at - now))
        return True

    def wait(self) -> float | None:
        return self.wait_seconds

    def get_rate(self) -> str | None:
        rate: str | None = settings.API_CLIENT_RATE
        return rate

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        user = request.user
        ident = f"client:{user.pk}" if isinstance(user, ApiClient) else f"addr:{self.get_ident(request)}"
        return f"throttle:api:{ident}"


def _login_key(kind: str, *parts: str) -> str:
    # Hashed so that no user name typed into the login form is kept in the cache in clear.
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"admin-login:{kind}:{digest}"


@functools.cache
def _admin_login_path() -> str:
    # Every API post passes this middleware; resolving the URL once saves a reverse() on each.
    return reverse("admin:login")


def _too_many(retry_after: float) -> HttpResponse:
    seconds = max(1, math.ceil(retry_after))
    response = HttpResponse(
        f"Too many login attempts. Try again in {seconds} seconds.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response


class AdminLoginGuardMiddleware:
    """Slows down password guessing on the admin login form.

    - Per address: at most ``ADMIN_LOGIN_ATTEMPTS_PER_MINUTE`` login posts a minute.
    - Per user name and address: after ``ADMIN_LOGIN_MAX_FAILURES`` failed logins, that pair is
      locked out for ``ADMIN_LOGIN_LOCKOUT_SECONDS``; a success clears the count.

    Both answer 429 with Retry-After. The failure is read from the response (the admin answers a
    failed login by showing the form again with 200, a success by redirecting), so no hook into
    the authentication backends is needed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path != _admin_login_path():
            return self.get_response(request)
        address = client_address(request) or "unknown"
        username = str(request.POST.get("username", "")).strip().lower()
        now = time.time()

        minute = int(now // 60)
        per_address = _login_key("rate", address, str(minute))
        cache.add(per_address, 0, timeout=120)
        if cache.incr(per_address) > settings.ADMIN_LOGIN_ATTEMPTS_PER_MINUTE:
            return _too_many(60 - now % 60)

        lock = _login_key("lock", username, address)
        locked_until = cache.get(lock)
        if locked_until is not None and locked_until > now:
            return _too_many(locked_until - now)

        response = self.get_response(request)
        failures = _login_key("fail", username, address)
        if response.status_code == 200:  # the form again: wrong credentials
            lockout = settings.ADMIN_LOGIN_LOCKOUT_SECONDS
            cache.add(failures, 0, timeout=lockout)
            if cache.incr(failures) >= settings.ADMIN_LOGIN_MAX_FAILURES:
                cache.set(lock, now + lockout, timeout=lockout)
                cache.delete(failures)
        elif response.status_code in (301, 302, 303):
            cache.delete(failures)
        return response
