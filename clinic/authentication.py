"""Bearer-token authentication for EHR systems (spec section 1)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from clinic.models import ApiClient
from clinic.services import hash_token

# last_used_at is for humans reviewing clients, so a minute's precision is plenty and saves a
# write on nearly every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@cache
def _token_lookup_sql() -> tuple[str, list[str]]:
    columns = [field.attname for field in ApiClient._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(field.column) for field in ApiClient._meta.concrete_fields)
    table = connection.ops.quote_name(ApiClient._meta.db_table)
    return f"SELECT {quoted} FROM {table} WHERE token_hash = %s", columns  # noqa: S608 - model names


def _client_row(token_hash: str) -> list[Any] | None:
    """The columns of the client holding this token, by the unique index on its hash.

    One cursor query rather than a queryset: it runs on every API request, and the queryset
    machinery cost more than the query (docs/performance.md).
    """
    sql, _ = _token_lookup_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    return None if row is None else list(row)


# Clients recently found, by token hash: (monotonic time read, column values). Every API request
# authenticates, and on a loaded two-core machine the lookup's round trip cost more CPU than the
# whole evaluation of an exam (docs/performance.md). Only tokens that exist are kept, so a flood
# of made-up tokens cannot grow it; a client's own saves in this process empty it at once, and a
# revocation or an expiry moved elsewhere (another worker, the admin on another machine) takes
# effect within API_TOKEN_CACHE_SECONDS. An expiry that passes is always seen: `is_usable` runs
# on every request.
_recent_clients: dict[str, tuple[float, list[Any]]] = {}


def forget_recent_clients(**_: Any) -> None:
    """Drop every cached client (connected to ApiClient's post_save and post_delete)."""
    _recent_clients.clear()


def _client_with_token_hash(token_hash: str) -> ApiClient | None:
    _, columns = _token_lookup_sql()
    ttl = settings.API_TOKEN_CACHE_SECONDS
    now = time.monotonic()
    cached = _recent_clients.get(token_hash)
    row: list[Any] | None
    if cached is not None and now - cached[0] < ttl:
        row = cached[1]
    else:
        row = _client_row(token_hash)
        if row is None:
            _recent_clients.pop(token_hash, None)
            return None
        if ttl > 0:
            _recent_clients[token_hash] = (now, row)
    return ApiClient.from_db(connection.alias, columns, row)


def _note_use(client: ApiClient, token_hash: str, now: datetime) -> None:
    """Record the client's last use, to the minute, here and in the cached copy."""
    if client.last_used_at is not None and now - client.last_used_at <= LAST_USED_RESOLUTION:
        return
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now
    cached = _recent_clients.get(token_hash)
    if cached is not None:
        _, columns = _token_lookup_sql()
        cached[1][columns.index("last_used_at")] = now


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise exceptions.AuthenticationFailed("Authorization must be 'Bearer <token>'")
        token_hash = hash_token(token.strip())
        client = _client_with_token_hash(token_hash)
        now = timezone.now()
        if client is None or not client.is_usable(now):
            raise exceptions.AuthenticationFailed("invalid, revoked or expired token")
        _note_use(client, token_hash, now)
        return client, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="neuroexam"'


class IsClinicApiClient(permissions.BasePermission):
    """Every API endpoint is for a clinic's API client."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, ApiClient)


def client_vanished(request: Request) -> bool:
    """True when the request's API client no longer exists (deleted since this worker cached its
    token): its write then failed on the foreign key at commit, and the right answer is 401."""
    client = getattr(request, "user", None)
    if not isinstance(client, ApiClient) or ApiClient.objects.filter(pk=client.pk).exists():
        return False
    forget_recent_clients()
    return True
