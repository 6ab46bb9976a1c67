"""Django's PostgreSQL backend, with the connection health check only after the connection idled.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request
that reuses a persistent connection. On the two-core machine under load that round trip cost
about 0.7 ms of server CPU per request, a quarter of an evaluation (docs/performance.md). A
connection that ran a statement less than ``DB_HEALTH_CHECK_AFTER_IDLE_SECONDS`` ago (default 2)
is taken as alive; one idle for longer (overnight, behind a firewall that drops quiet
connections) is still checked, and any connection whose query failed is checked by Django at
the end of that request and closed if it is broken. What this gives up: when the database
restarts under load, each worker's first request afterwards fails (a 5xx the client retries;
nothing is half-written, the transaction never committed) instead of reconnecting first.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    _last_cursor_at: float = float("-inf")

    def close_if_health_check_failed(self) -> None:
        now = time.monotonic()
        idle = now - self._last_cursor_at
        if self.connection is not None and idle < settings.DB_HEALTH_CHECK_AFTER_IDLE_SECONDS:
            self.health_check_done = True
        super().close_if_health_check_failed()
        self._last_cursor_at = now
