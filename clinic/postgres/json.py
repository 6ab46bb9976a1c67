"""JSON text for PostgreSQL, by pydantic-core (Rust) instead of ``json.dumps``.

An exam post writes a 13-15 kB decision document: ``json.dumps`` took about 0.17 ms for it,
``pydantic_core.to_json`` 0.04 ms (docs/performance.md). The columns are jsonb, so what is stored
is the same value either way. Not for StrEnum values: pydantic-core writes those about three
times slower than ``json.dumps`` (the finding rows of ``exams.services`` stay with ``json.dumps``).
"""

from __future__ import annotations

from typing import Any

import pydantic_core


def json_text(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and Infinity as the literals ``json.dumps`` writes and PostgreSQL refuses.

    A value ``json.dumps`` cannot encode at all (a datetime, a set, bytes) is written in pydantic's
    JSON form (an ISO string, a list, UTF-8 text) instead of raising.
    """
    return pydantic_core.to_json(value, inf_nan_mode="constants")
