"""A persistent connection is checked before reuse only after it has idled (clinic/postgres)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _checks_before_a_query(monkeypatch: pytest.MonkeyPatch, idle_for: float) -> int:
    """How often the connection is checked before a request's first query, `idle_for` s after the last."""
    connection.ensure_connection()
    monkeypatch.setattr(connection, "_last_cursor_at", connection._last_cursor_at - idle_for)
    connection.health_check_done = False  # as Django leaves it at the start of a request
    checks: list[bool] = []
    is_usable = connection.is_usable

    def counted() -> bool:
        checks.append(is_usable())
        return checks[-1]

    monkeypatch.setattr(connection, "is_usable", counted)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    return len(checks)


def test_a_connection_used_a_moment_ago_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _checks_before_a_query(monkeypatch, idle_for=0.0) == 0


def test_a_connection_idle_for_longer_is_checked_first(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DB_HEALTH_CHECK_AFTER_IDLE_SECONDS = 2.0
    assert _checks_before_a_query(monkeypatch, idle_for=3.0) == 1
