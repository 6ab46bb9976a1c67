"""The application's database role cannot switch its own audit trail off.

``manage.py database_roles`` makes an owner role (migrations) and an app role (serving) that owns
nothing and holds only SELECT and INSERT on ``audit_event``. Connected as the app role:
``SET session_replication_role = replica`` (which would silence every trigger) and
``ALTER TABLE ... DISABLE TRIGGER`` (which would lift the append-only guard) both fail, and so does
every other way round the trail; the application itself still works.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from rest_framework.test import APIClient

from audit.management.commands.database_roles import app_database_url
from audit.models import AuditEvent
from exams.models import Exam
from tests.factories import normal_exam_document

BYPASSES = [
    "SET session_replication_role = replica",
    "SET LOCAL session_replication_role = replica",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "ALTER TABLE audit_event DISABLE TRIGGER USER",
    "ALTER TABLE exams_exam DISABLE TRIGGER ALL",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP TABLE audit_event",
    "UPDATE audit_event SET actor_label = 'someone else'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "ALTER ROLE CURRENT_USER SUPERUSER",
    "CREATE TABLE audit_shadow (id int)",
]


def roles() -> tuple[str, str]:
    database = connection.settings_dict["NAME"]
    return f"{database}_owner", f"{database}_app"


def _refused(run: Any, statement: str) -> bool:
    try:
        run(statement)
    except (psycopg.Error, Exception) as error:  # Django wraps psycopg's errors
        return "permission denied" in str(error) or "must be" in str(error)
    return False


@pytest.mark.django_db
def test_as_the_app_role_the_application_works_and_cannot_switch_the_trail_off(ehr_a: APIClient) -> None:
    """Within the test's transaction (rolled back after): the roles, then ``SET ROLE`` to the app."""
    owner, app = roles()
    with connection.cursor() as cursor:  # the fixtures' deferred foreign key checks, done now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("database_roles", owner=owner, app=app)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{app}"')
    try:
        created = ehr_a.post("/api/v1/exams/", normal_exam_document(), format="json")
        read = ehr_a.get(f"/api/v1/exams/{created.json()['id']}/")
        assert (created.status_code, read.status_code) == (201, 200)
        assert AuditEvent.objects.filter(action="read").count() == 1

        refused = []
        for statement in BYPASSES:
            with transaction.atomic():  # a savepoint: a failed statement leaves the test usable
                sid = transaction.savepoint()

                def run(sql: str) -> None:
                    with connection.cursor() as cursor:
                        cursor.execute(sql)

                refused.append((statement, _refused(run, statement)))
                transaction.savepoint_rollback(sid)
        assert [s for s, ok in refused if not ok] == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert Exam.objects.count() == 1


@pytest.fixture
def committed_roles(transactional_db: None) -> Iterator[tuple[str, str]]:
    owner, app = roles()
    call_command("database_roles", owner=owner, app=app)
    try:
        yield owner, app
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'REASSIGN OWNED BY "{owner}" TO CURRENT_USER')
            cursor.execute(f'DROP OWNED BY "{owner}"')
            cursor.execute(f'DROP OWNED BY "{app}"')
            cursor.execute(f'DROP ROLE "{app}", "{owner}"')


def test_a_connection_as_the_app_role_cannot_set_replica_mode_or_disable_triggers(
    committed_roles: tuple[str, str],
) -> None:
    _, app = committed_roles
    settings = connection.settings_dict
    url = (
        f"postgres://postgres@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )

    with psycopg.connect(app_database_url(url, app, None), autocommit=True) as app_connection:
        role = app_connection.execute(
            "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
        ).fetchone()
        assert role == (app, False)
        app_connection.execute(
            "INSERT INTO audit_event (action, table_name, actor_label) VALUES ('read', 'exams_exam', 'test')"
        )
        assert app_connection.execute("SELECT count(*) FROM audit_event").fetchone()[0] >= 1

        refused = [(statement, _refused(app_connection.execute, statement)) for statement in BYPASSES]

    assert [s for s, ok in refused if not ok] == []
