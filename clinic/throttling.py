"""Throttling: a request budget per API client, and a brake on guessing admin passwords.

Counters live in Django's cache. The default local-memory cache counts per process; with several
worker processes set ``CACHE_URL=redis://...`` so that every worker shares one count. On Redis the
client budget is read and updated by one server-side script, so two workers cannot both spend the
last request of a budget.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.connection import ConnectionProxy
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
        redis = _redis_client(self.cache, key)
        if redis is not None:
            over_by = float(
                redis.eval(_GCRA_SCRIPT, 1, self.cache.make_and_validate_key(key), now, interval, period)
            )
        else:
            over_by = self._spend_locally(key, now, interval, period)
        if over_by > 0:
            self.wait_seconds = over_by
            return False
        return True

    def _spend_locally(self, key: str, now: float, interval: float, period: float) -> float:
        """The same step as ``_GCRA_SCRIPT`` on a per-process cache (no other writer)."""
        # The theoretical arrival time: when the bucket will be empty again.
        empty_at = max(float(self.cache.get(key, now)), now)
        over_by = empty_at - now - (period - interval)
        if over_by <= 0:
            empty_at += interval
            self.cache.set(key, empty_at, math.ceil(empty_at - now))
        return over_by

    def wait(self) -> float | None:
        return self.wait_seconds

    def get_rate(self) -> str | None:
        rate: str | None = settings.API_CLIENT_RATE
        return rate

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        user = request.user
        ident = f"client:{user.pk}" if isinstance(user, ApiClient) else f"addr:{self.get_ident(request)}"
        return f"throttle:api:{ident}"


# One GCRA step, atomic on the Redis server: KEYS[1] holds the time the bucket empties;
# ARGV = now, interval, period. Returns how long the request is over budget (<= 0: spent).
_GCRA_SCRIPT = """
local now, interval, period = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local empty_at = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local over_by = empty_at - now - (period - interval)
if over_by <= 0 then
  empty_at = empty_at + interval
  redis.call('SET', KEYS[1], tostring(empty_at), 'PX', math.ceil((empty_at - now) * 1000))
end
return tostring(over_by)
"""


def _redis_client(cache: BaseCache | ConnectionProxy[BaseCache], key: str) -> Any | None:
    """The Redis connection behind Django's Redis cache, or None for any other cache."""
    if isinstance(cache, ConnectionProxy):  # ``django.core.cache.cache``: the default cache
        cache = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return None
    # Django's RedisCache keeps its client class in ``_cache`` (untyped); it hands out the
    # connection for a key, which is what running a script needs.
    backend: Any = cache
    return backend._cache.get_client(key, write=True)


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
