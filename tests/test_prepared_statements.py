"""The hot statements are prepared on the server, once per connection (clinic.rows, the settings).

Django hands psycopg ``prepare_threshold=None``, with which psycopg ignores even an explicit
``prepare=True``: the exam post's statement and the worklist read were parsed and planned by
PostgreSQL on every call. These tests look at the server's own list of the session's prepared
statements, ``pg_prepared_statements``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from clinic.models import Clinic
from clinic.postgres.base import DatabaseWrapper
from clinic.rows import fetch_all_prepared, fetch_one_prepared
from clinic.settings import _database_from_env
from tests.alerts.helpers import post_exam

# Real commits: an exam post outside a transaction is the one statement that is prepared.
# Real commits: only a post outside a transaction is the one statement that is prepared.
pytestmark = pytest.mark.django_db(transaction=True)


def _prepared_on_the_server() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_hot_statement_is_prepared_once_and_reused() -> None:
    assert fetch_one_prepared("SELECT %s::int + 40", [2]) == (42,)
    assert fetch_all_prepared("SELECT %s::int + 40", [3]) == [(43,)]

    assert _prepared_on_the_server().count("SELECT $1::int + 40") == 1


def test_an_exam_post_the_worklist_and_the_detail_are_prepared(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    exam = post_exam(ehr_a, exam_document)
    for _ in range(2):
        assert ehr_a.get("/api/v1/exams/").status_code == 200
        assert ehr_a.get(f"/api/v1/exams/{exam['id']}/").status_code == 200

    prepared = [" ".join(statement.split()) for statement in _prepared_on_the_server()]
    assert len(prepared) == 4, prepared  # each once, however often it ran
    kinds = {
        "WITH actor AS (": "post",
        'SELECT "exams_exam"."id", "exams_exam"."version", "exams_exam"."performed_at" > $1': "earlier exam",
        "SELECT e.id, e.version,": "worklist",
        "WITH shown AS (": "detail",
    }
    assert sorted(
        next((kind for start, kind in kinds.items() if statement.startswith(start)), statement)
        for statement in prepared
    ) == ["detail", "earlier exam", "post", "worklist"]


def test_the_orm_binds_on_the_client_and_prepares_nothing(clinic_a: Clinic) -> None:
    for _ in range(8):  # beyond psycopg's threshold of five executions
        assert Clinic.objects.filter(pk=clinic_a.pk).exists()

    assert _prepared_on_the_server() == []


@pytest.mark.parametrize(("setting", "threshold"), [(None, 5), ("True", 5), ("False", None)])
def test_prepared_statements_can_be_turned_off_for_an_old_pooler(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, threshold: int | None
) -> None:
    if setting is None:
        monkeypatch.delenv("DB_PREPARED_STATEMENTS", raising=False)
    else:
        monkeypatch.setenv("DB_PREPARED_STATEMENTS", setting)
    configured = _database_from_env()
    wrapper = DatabaseWrapper({**connection.settings_dict, "OPTIONS": configured.get("OPTIONS", {})})

    opened = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert opened.prepare_threshold == threshold
    finally:
        opened.close()
