"""Keep the audit triggers in place after every ``migrate`` (see ``audit.triggers``)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from audit.triggers import ensure_triggers


def refresh_audit_triggers(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    ensure_triggers(connections[using])
