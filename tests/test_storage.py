"""PostgreSQL storage settings that the migrations make (audit.0005)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


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
