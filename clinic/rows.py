"""Raw-SQL writes that store exactly what the ORM would.

The hot write paths (an exam post, its alert) put several inserts into one PostgreSQL statement
to save round trips; these helpers take the column values from the model instances themselves,
so defaults, ``auto_now`` and JSON adaptation stay the fields' business, not the SQL's.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model


@functools.cache
def _insert_fields(model: type[Model], skip: tuple[str, ...]) -> tuple[list[Field[Any, Any]], list[str]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in skip]
    db = connections[DEFAULT_DB_ALIAS]
    return fields, [db.ops.quote_name(field.column) for field in fields]


def insert_values(instance: Model, *, skip: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
    """The quoted columns and database values ``Model.save()`` would insert for a new ``instance``.

    The primary key is left to the database; ``skip`` names (by attname) the columns that the
    statement fills itself, e.g. a foreign key to a row inserted by the same statement.
    """
    fields, columns = _insert_fields(type(instance), skip)
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the ``connection`` proxy per field
    return list(columns), [field.get_db_prep_save(field.pre_save(instance, True), db) for field in fields]


def mark_saved(instance: Model, pk: int) -> None:
    """Make an instance written by raw SQL behave as the saved row ``pk``."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


def fetch_one_prepared(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    """Run one hot PostgreSQL statement as a prepared statement with server-side parameters.

    Django's PostgreSQL cursors bind parameters on the client: psycopg quotes every value into
    the SQL text (the decision document escaped character by character), and the server parses
    the whole statement on every call. This cursor sends the values apart (less Python CPU) and
    prepares the statement once per connection (less database CPU), which psycopg only does with
    a ``prepare_threshold`` set (the settings put one in ``OPTIONS``; Django passes none); figures in
    docs/performance.md. Errors are
    Django's, as from any cursor, and the statement is logged in ``connection.queries`` when
    queries are logged (DEBUG, a test's ``CaptureQueriesContext``).
    """
    rows = fetch_all_prepared(sql, params)
    return rows[0] if rows else None


def fetch_all_prepared(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """``fetch_one_prepared`` for a read of several rows.

    A prepared read is parsed and analysed once per connection. PostgreSQL may still plan it per
    call: it keeps plans made for the values when a generic plan looks dearer, as for the
    worklist's pages (docs/performance.md).
    """
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.RawCursor(connection.connection) as cursor:
        cursor.execute(_numbered(sql), params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:  # as Django's debug cursor records a statement
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return rows


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> bytes:
    """``sql`` with PostgreSQL's own ``$1, $2, ...`` for its ``%s`` placeholders, converted once.

    psycopg converts placeholders on every execute and caches the conversion only for statements
    under 4 kB with at most 50 parameters, and an exam post with its alert has more, so it would
    be converted again on every alarming post. The hot statements are built
    from model names and ``%s`` only (no ``%`` of their own), so a split is the whole conversion.
    """
    if "%%" in sql:
        raise ValueError("a prepared statement here takes no literal percent sign")
    parts = sql.split("%s")
    numbered = "".join(f"{part}${number}" for number, part in enumerate(parts[:-1], start=1))
    return (numbered + parts[-1]).encode()
