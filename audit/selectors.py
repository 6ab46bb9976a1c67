"""Reads of the audit trail: the clinic-scoped view for the admin, and the export stream."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from audit.models import AuditEvent
from clinic.models import User


def audit_events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """Superusers see the whole trail; a clinic's staff see their clinic's rows only."""
    events = AuditEvent.objects.all()
    if user.is_superuser:
        return events
    if user.clinic_id is None:
        return events.none()
    return events.filter(clinic_id=user.clinic_id)


def audit_event_json(event: AuditEvent) -> dict[str, Any]:
    """One event as a SIEM line: flat keys, ISO 8601 UTC time, before/after as objects."""
    return {
        "id": event.pk,
        "occurred_at": event.occurred_at.isoformat(),
        "action": event.action,
        "table": event.table_name,
        "object_id": event.object_id,
        "object_version": event.object_version,
        "clinic_id": event.clinic_id,
        "actor": event.actor_label,
        "actor_user_id": event.actor_user_id,
        "actor_client_id": event.actor_client_id,
        "client_address": event.client_address,
        "request_id": event.request_id,
        "transaction_id": event.transaction_id,
        "before": event.before,
        "after": event.after,
    }


def audit_events_for_export(
    *,
    after_id: int = 0,
    since: datetime | None = None,
    until: datetime | None = None,
    clinic_id: int | None = None,
    chunk_size: int = 2000,
) -> Iterator[AuditEvent]:
    """Events in id order, streamed in chunks; ``after_id`` lets a shipper resume where it stopped."""
    events = AuditEvent.objects.filter(pk__gt=after_id).order_by("pk")
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if until is not None:
        events = events.filter(occurred_at__lt=until)
    if clinic_id is not None:
        events = events.filter(clinic_id=clinic_id)
    return events.iterator(chunk_size=chunk_size)
