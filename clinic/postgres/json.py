"""JSON text for PostgreSQL, by pydantic-core (Rust) instead of ``json.dumps``.

The hot writes send a 13-15 kB decision document and five finding lists per exam post:
``json.dumps`` took about 0.17 ms for the document, ``pydantic_core.to_json`` 0.04 ms
(docs/performance.md). The columns are jsonb, or the text is parsed by ``json_populate_recordset``,
so what is stored is the same value either way.
"""

from __future__ import annotations

from typing import Any

import pydantic_core
from psycopg.types.json import Json


def json_text(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and Infinity as the literals ``json.dumps`` writes and PostgreSQL refuses.

    A value ``json.dumps`` cannot encode at all (a datetime, a set, bytes) is written in pydantic's
    JSON form (an ISO string, a list, UTF-8 text) instead of raising.
    """
    return pydantic_core.to_json(value, inf_nan_mode="constants")


def json_parameter(value: Any) -> Json:
    """``value`` as a json-typed statement parameter."""
    return Json(value, dumps=json_text)
