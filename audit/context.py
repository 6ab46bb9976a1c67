"""Who the database triggers attribute a write to: ``audited(actor)`` around a service's transaction.

The request id and client address of the current request come from ``audit.middleware`` through
a context variable, so services only pass the ``Actor`` they already have.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from clinic.tenancy import Actor


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str
    address: str | None


current_request: ContextVar[RequestContext | None] = ContextVar("neuroexam_request", default=None)


def actor_payload(actor: Actor) -> dict[str, Any]:
    """The actor as the triggers read it (keys match ``audit.triggers``)."""
    request = current_request.get()
    return {
        "label": actor.label,
        "user_id": actor.user_id,
        "client_id": actor.api_client_id,
        "clinic_id": actor.clinic_id,
        "address": actor.address or (request.address if request else None),
        "request_id": request.request_id if request else None,
    }


@contextmanager
def audited(actor: Actor, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """``transaction.atomic()`` whose writes the audit triggers attribute to ``actor``.

    PostgreSQL: a transaction-local setting (``set_config(..., true)``), gone at commit or
    rollback. Nested in an outer transaction, the outer actor is restored on the way out, so a
    later write of the outer block is not credited to this actor.
    SQLite: the one row of ``audit_context``, written inside the transaction and deleted before
    it commits (SQLite runs one write transaction at a time, so no other writer sees it).
    """
    connection = connections[using]
    payload = json.dumps(actor_payload(actor))
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT current_setting('neuroexam.actor', true), "
                    "set_config('neuroexam.actor', %s, true)",
                    [payload],
                )
                previous = cursor.fetchone()[0]
            else:
                cursor.execute(
                    "SELECT actor_label, user_id, client_id, clinic_id, address, request_id "
                    "FROM audit_context WHERE id = 1"
                )
                previous = cursor.fetchone()
                _sqlite_set(cursor, actor_payload(actor))
        yield
        if connection.vendor == "postgresql" and not nested:
            return  # the setting ends with the transaction
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('neuroexam.actor', %s, true)", [previous or ""])
            elif previous is None:
                cursor.execute("DELETE FROM audit_context")
            else:
                cursor.execute(
                    "UPDATE audit_context SET actor_label = %s, user_id = %s, client_id = %s, "
                    "clinic_id = %s, address = %s, request_id = %s WHERE id = 1",
                    list(previous),
                )


def _sqlite_set(cursor: Any, payload: dict[str, Any]) -> None:
    cursor.execute(
        "INSERT OR REPLACE INTO audit_context "
        "(id, actor_label, user_id, client_id, clinic_id, address, request_id) "
        "VALUES (1, %s, %s, %s, %s, %s, %s)",
        [
            payload["label"],
            payload["user_id"],
            payload["client_id"],
            payload["clinic_id"],
            payload["address"],
            payload["request_id"],
        ],
    )
