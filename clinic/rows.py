"""Raw-SQL writes that store exactly what the ORM would.

The hot write paths (an exam post, its alert) put several inserts into one PostgreSQL statement
to save round trips; these helpers take the column values from the model instances themselves,
so defaults, ``auto_now`` and JSON adaptation stay the fields' business, not the SQL's.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model


def insert_values(instance: Model, *, skip: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
    """The quoted columns and database values ``Model.save()`` would insert for a new ``instance``.

    The primary key is left to the database; ``skip`` names (by attname) the columns that the
    statement fills itself, e.g. a foreign key to a row inserted by the same statement.
    """
    columns, values = [], []
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.attname in skip:
            continue
        columns.append(connection.ops.quote_name(field.column))
        values.append(field.get_db_prep_save(field.pre_save(instance, True), connection))
    return columns, values


def mark_saved(instance: Model, pk: int) -> None:
    """Make an instance written by raw SQL behave as the saved row ``pk``."""
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
