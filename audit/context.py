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

    The actor is a transaction-local setting (``set_config(..., true)``), gone at commit or
    rollback. Nested in an outer transaction, the outer actor is restored on the way out, so a
    later write of the outer block is not credited to this actor.
    """
    connection = connections[using]
    payload = json.dumps(actor_payload(actor))
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('neuroexam.actor', true), set_config('neuroexam.actor', %s, true)",
                [payload],
            )
            previous = cursor.fetchone()[0]
        yield
        if not nested:
            return  # the setting ends with the transaction
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('neuroexam.actor', %s, true)", [previous or ""])
