"""Bearer-token authentication for EHR systems (spec section 1)."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

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


def _client_with_token_hash(token_hash: str) -> ApiClient | None:
    """The client holding this token, by the unique index on its hash.

    Every API request runs this. On PostgreSQL it is one cursor query and ``Model.from_db``
    (psycopg returns the columns as the fields hold them): the queryset API cost about 0.3 ms
    more CPU per request and ``Manager.raw`` about 0.2 ms (docs/performance.md). SQLite returns
    datetimes as text that the ORM's converters turn into values, so it keeps the ORM.
    """
    if connection.vendor != "postgresql":
        return ApiClient.objects.filter(token_hash=token_hash).first()
    sql, columns = _token_lookup_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    return ApiClient.from_db(connection.alias, columns, row)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise exceptions.AuthenticationFailed("Authorization must be 'Bearer <token>'")
        client = _client_with_token_hash(hash_token(token.strip()))
        now = timezone.now()
        if client is None or not client.is_usable(now):
            raise exceptions.AuthenticationFailed("invalid, revoked or expired token")
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="neuroexam"'


class IsClinicApiClient(permissions.BasePermission):
    """Every API endpoint is for a clinic's API client."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.user, ApiClient)
