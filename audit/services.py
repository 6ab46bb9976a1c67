"""Writes of the audit trail that the database triggers cannot see: reads of clinical records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from audit.context import actor_payload
from audit.models import AuditEvent
from clinic.rows import insert_values, mark_saved
from clinic.tenancy import Actor


def _read_event(
    *, actor: Actor, table_name: str, object_id: str, object_version: int | None, clinic_id: int | None
) -> AuditEvent:
    payload = actor_payload(actor)
    return AuditEvent(
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


# Filled by the statement that reads the record (``audit_read_values``).
READ_RECORD_COLUMNS = ("object_id", "object_version", "clinic_id")


def audit_read_values(*, actor: Actor, table_name: str) -> tuple[list[str], list[Any]]:
    """The columns and values of a read event but the record's own, for a statement that reads
    the record and records the read at once (the exam detail read: one round trip, not two).

    The statement supplies ``READ_RECORD_COLUMNS`` from the row it read, so a record not found
    (or not the actor's clinic's) is never recorded as read.
    """
    event = _read_event(actor=actor, table_name=table_name, object_id="", object_version=None, clinic_id=None)
    return insert_values(event, skip=READ_RECORD_COLUMNS)


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
    event = _read_event(
        actor=actor,
        table_name=table_name,
        object_id=object_id,
        object_version=object_version,
        clinic_id=clinic_id,
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


def audit_versioned_reads(*, actor: Actor, table_name: str, clinic_id: int, object_ids: Iterable[int]) -> int:
    """Record that ``actor`` was shown these rows of ``table_name`` (a table with ``id``,
    ``version`` and ``clinic_id``), one read event per row, in one statement.

    For reads that show several exams at once (a FHIR search) or name them by id (FHIR reads):
    the statement takes each row's current version and clinic from the row itself, so an id that
    is not (or no longer) one of the clinic's rows is never recorded as read. Returns the number
    of events written.
    """
    ids = sorted(set(object_ids))
    if not ids:
        return 0
    columns, values = audit_read_values(actor=actor, table_name=table_name)
    record_columns = ", ".join(READ_RECORD_COLUMNS)
    sql = (
        f"INSERT INTO {AuditEvent._meta.db_table} ({', '.join(columns)}, {record_columns}) "  # noqa: S608
        f"SELECT {', '.join(['%s'] * len(columns))}, CAST(r.id AS TEXT), r.version, r.clinic_id "
        f"FROM {connection.ops.quote_name(table_name)} r "
        f"WHERE r.clinic_id = %s AND r.id IN ({', '.join(['%s'] * len(ids))}) ORDER BY r.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, clinic_id, *ids])
        written: int = cursor.rowcount
        return written
