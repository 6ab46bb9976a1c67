"""Writes of the audit trail that the database triggers cannot see: reads of clinical records."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from audit.context import actor_payload
from audit.models import AuditEvent
from clinic.rows import insert_values, mark_saved
from clinic.tenancy import Actor


def audit_read(
    *,
    actor: Actor,
    table_name: str,
    object_id: str,
    object_version: int | None = None,
    clinic_id: int | None = None,
) -> AuditEvent:
    """Record that ``actor`` was shown one record (an exam, a version, a patient...).

    Written in the caller's transaction if there is one; the API views have none, so the row is
    committed before the response is sent.
    """
    payload = actor_payload(actor)
    event = AuditEvent(
        occurred_at=timezone.now(),
        action=AuditEvent.Action.READ,
        table_name=table_name,
        object_id=object_id,
        object_version=object_version,
        clinic_id=clinic_id if clinic_id is not None else actor.clinic_id,
        actor_label=payload["label"],
        actor_user_id=actor.user_id,
        actor_client_id=actor.api_client_id,
        client_address=payload["address"],
        request_id=payload["request_id"],
    )
    # Every API read writes one of these: a plain INSERT saves the ORM's compile of
    # ``objects.create`` (about half a millisecond of CPU per read on the benchmark machine).
    columns, values = insert_values(event)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AuditEvent._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - model names
            f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id",
            values,
        )
        mark_saved(event, cursor.fetchone()[0])
    return event
