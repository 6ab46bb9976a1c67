"""PostgreSQL storage: the settings the migrations make (audit.0005), and how JSON is written."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, connection, transaction

pytestmark = pytest.mark.django_db


def test_the_large_json_columns_are_compressed_with_lz4() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
            "WHERE (attrelid = 'decisions_decisionrecord'::regclass AND attname = 'document') "
            "OR (attrelid = 'audit_event'::regclass AND attname IN ('before', 'after')) ORDER BY 1, 2"
        )
        assert cursor.fetchall() == [
            ("audit_event", "after", "l"),
            ("audit_event", "before", "l"),
            ("decisions_decisionrecord", "document", "l"),
        ]


DOCUMENT = {
    "urgency": "emergency",
    "rationale": 'Saddle anaesthesia \u2013 cauda equina ≥ suspected; "quoted" \\ and \u2028 kept',
    "scores": [1, 0.5, -3, None, True, False],
    "nested": {"z": [], "a": {}, "ü": "ß"},
}


def test_a_json_value_is_stored_as_json_dumps_would_store_it() -> None:
    # The backend writes JSON with pydantic-core (clinic/postgres): the stored jsonb is the same.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::jsonb = %s::jsonb, %s::jsonb",
            [connection.ops.adapt_json_value(DOCUMENT, None), json.dumps(DOCUMENT), json.dumps(DOCUMENT)],
        )
        same, stored = cursor.fetchone()
    assert same is True
    assert json.loads(stored) == DOCUMENT


def test_not_a_number_is_refused_by_the_database_as_before() -> None:
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT %s::jsonb", [connection.ops.adapt_json_value({"grade": math.nan}, None)])


def test_a_field_with_its_own_encoder_keeps_it() -> None:
    moment = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::jsonb", [connection.ops.adapt_json_value({"at": moment}, DjangoJSONEncoder)]
        )
        (stored,) = cursor.fetchone()
    assert json.loads(stored) == {"at": "2026-11-22T02:00:00Z"}
