"""Django's PostgreSQL backend, with two changes for the hot paths (docs/performance.md).

Prepared statements need no change here: the settings give psycopg a ``prepare_threshold``
through Django's own ``OPTIONS``.

JSON values (``JSONField``s without an encoder of their own) are written by ``json_text``
(pydantic-core) instead of ``json.dumps``, several times faster: an exam post writes a decision
document of tens of kilobytes and re-evaluation one per changed exam. The column is jsonb, so
the stored value is the same (PostgreSQL parses the text either way; key order and spacing are
jsonb's own). The engine's and the exam's JSON hold only JSON types, and model and form
validation still run ``json.dumps``.

And the connection health check runs only after the connection idled. With
``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request that
reuses a persistent connection, a round trip whose CPU was a sizeable share of a short request
(docs/performance.md). A connection that ran a statement less than
``DB_HEALTH_CHECK_AFTER_IDLE_SECONDS`` ago (default 2) is taken as alive; one idle for longer
(overnight, behind a firewall that drops quiet connections) is still checked, and any connection
whose query failed is checked by Django at the end of that request and closed if it is broken.
What this gives up: when the database restarts under load, each worker's first request
afterwards fails (a 5xx the client retries; nothing is half-written, the transaction never
committed) instead of reconnecting first.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pydantic_core
from django.conf import settings
from django.db.backends.postgresql import base, operations
from psycopg.types.json import Jsonb


def json_text(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and Infinity as the literals ``json.dumps`` writes and PostgreSQL refuses.

    Several times faster than ``json.dumps`` on a decision document. A value
    ``json.dumps`` cannot encode at all (a datetime, a set, bytes) is written in pydantic's JSON
    form (an ISO string, a list, UTF-8 text) instead of raising. Not for StrEnum values, which
    pydantic-core writes slower than ``json.dumps`` (hence the finding rows of
    ``exams.services`` stay with ``json.dumps``).
    """
    return pydantic_core.to_json(value, inf_nan_mode="constants")


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_json_value(self, value: Any, encoder: type[json.JSONEncoder] | None) -> Any:
        if encoder is not None:  # a field's own encoder knows types pydantic-core would not
            return super().adapt_json_value(value, encoder)
        return Jsonb(value, dumps=json_text)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _last_cursor_at: float = float("-inf")

    def close_if_health_check_failed(self) -> None:
        now = time.monotonic()
        idle = now - self._last_cursor_at
        if self.connection is not None and idle < settings.DB_HEALTH_CHECK_AFTER_IDLE_SECONDS:
            self.health_check_done = True
        super().close_if_health_check_failed()
        self._last_cursor_at = now
