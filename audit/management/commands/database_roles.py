"""Create the PostgreSQL roles the application runs as, so it cannot switch its own audit trail off.

Connected as a superuser, the application could ``SET session_replication_role = replica`` (the
audit triggers then do not fire) or ``ALTER TABLE audit_event DISABLE TRIGGER`` (the append-only
guard is gone). This command, run with a superuser's ``DATABASE_URL``, makes two roles:

- the **owner** (default ``<database>_owner``) owns the schema, every table, sequence and
  function: migrations run as it (``--migrate`` runs them here, under ``SET ROLE``);
- the **app** (default ``<database>_app``) owns nothing, is no superuser, and has only
  ``SELECT, INSERT, UPDATE, DELETE`` on the application's tables, ``SELECT, INSERT`` on
  ``audit_event`` (never UPDATE, DELETE or TRUNCATE), and the use of their sequences. Owning
  nothing, it cannot disable or drop a trigger; not being a superuser, it cannot set
  ``session_replication_role``.

Idempotent: run it after every migration (``--migrate`` does both) so new tables are granted and
``audit_event`` keeps only its two privileges. With ``--print-app-url`` it prints the
``DATABASE_URL`` to serve with (the app role, the same host and database, no password: set one
with ``NEUROEXAM_APP_DB_PASSWORD``, and ``NEUROEXAM_OWNER_DB_PASSWORD`` for the owner).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from psycopg import sql

from audit.models import AuditEvent

APP_PASSWORD_ENV = "NEUROEXAM_APP_DB_PASSWORD"
OWNER_PASSWORD_ENV = "NEUROEXAM_OWNER_DB_PASSWORD"
SCHEMA = "public"


def _execute(statement: sql.Composable, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(connection.connection), params)


def _exists(relation: sql.Identifier) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [relation.as_string(connection.connection)])
        row = cursor.fetchone()
    return bool(row and row[0])


def _role_ensure(name: str, password: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        exists = cursor.fetchone() is not None
    verb = "ALTER" if exists else "CREATE"
    attributes = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    _execute(sql.SQL("{} ROLE {} WITH {}").format(sql.SQL(verb), sql.Identifier(name), attributes))
    if password:
        _execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password)))


def _owned_objects() -> list[sql.Composable]:
    """ALTER ... OWNER statements' targets: the schema's tables, views, standalone sequences and
    functions (identity and serial sequences follow their table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
            ORDER BY c.relname
            """,
            [SCHEMA],
        )
        relations = [
            sql.SQL("{} {}").format(sql.SQL(kind), sql.Identifier(SCHEMA, name))
            for kind, name in cursor.fetchall()
        ]
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') ORDER BY 1",
            [SCHEMA],
        )
        functions = [sql.SQL("FUNCTION {}").format(sql.SQL(signature)) for (signature,) in cursor.fetchall()]
    return [*relations, *functions]


def roles_apply(
    *, owner: str, app: str, owner_password: str | None = None, app_password: str | None = None
) -> None:
    """Create or update both roles, give the owner everything and the app only what it needs."""
    owner_id, app_id, schema = sql.Identifier(owner), sql.Identifier(app), sql.Identifier(SCHEMA)
    audit = sql.Identifier(SCHEMA, AuditEvent._meta.db_table)
    with transaction.atomic():
        _role_ensure(owner, owner_password)
        _role_ensure(app, app_password)
        _execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(schema, owner_id))
        for target in _owned_objects():
            _execute(sql.SQL("ALTER {} OWNER TO {}").format(target, owner_id))
        _execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(connection.settings_dict["NAME"]), app_id
            )
        )
        _execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema))
        _execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, app_id))
        _execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, app_id))
        _execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
                schema, app_id
            )
        )
        _execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, app_id))
        # The trail: read and append, nothing else (the triggers refuse the rest even to the owner).
        if _exists(audit):  # a fresh database has it after its first migration
            _execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(audit, app_id))
            _execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(audit, app_id))
        # Tables a later migration creates are granted like today's; this command, run again after
        # the migration, takes UPDATE and DELETE back from a new audit table.
        _execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
            ).format(owner_id, schema, app_id)
        )
        _execute(
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}"
            ).format(owner_id, schema, app_id)
        )


def app_database_url(url: str, app: str, password: str | None) -> str:
    """``url`` with the app role as its user (and ``password``, when one is set)."""
    parts = urlsplit(url)
    credentials = quote(app, safe="") + (f":{quote(password, safe='')}" if password else "")
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{credentials}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class Command(BaseCommand):
    help = "Create the owner role (migrations) and the app role (serving), which cannot stop the audit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", help="owner role name (default <database>_owner)")
        parser.add_argument("--app", help="app role name (default <database>_app)")
        parser.add_argument("--migrate", action="store_true", help="run the migrations as the owner first")
        parser.add_argument(
            "--print-app-url",
            action="store_true",
            help="print only the DATABASE_URL to serve with (the app role)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = connection.settings_dict["NAME"]
        owner = options["owner"] or f"{database}_owner"
        app = options["app"] or f"{database}_app"
        app_password = os.environ.get(APP_PASSWORD_ENV) or None
        roles_apply(
            owner=owner,
            app=app,
            owner_password=os.environ.get(OWNER_PASSWORD_ENV) or None,
            app_password=app_password,
        )
        if options["migrate"]:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("SET ROLE {}").format(sql.Identifier(owner)).as_string(connection.connection)
                )
            try:
                call_command("migrate", interactive=False, verbosity=0 if options["print_app_url"] else 1)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET ROLE")
            roles_apply(owner=owner, app=app)  # grants for the tables the migrations made
        if options["print_app_url"]:
            self.stdout.write(app_database_url(os.environ.get("DATABASE_URL", ""), app, app_password))
        else:
            self.stdout.write(
                f"owner role {owner} owns the schema; app role {app} has only the app's privileges"
            )
