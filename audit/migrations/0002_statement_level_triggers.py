"""PostgreSQL: audit each statement's rows with one INSERT ... SELECT instead of one per row.

Replaces every audited table's row-level ``audit_row_change`` trigger by three statement-level
triggers with transition tables (see ``audit.triggers``); the audit rows they write are the same.
Reversible: the reverse puts the row-level trigger back. SQLite keeps its row triggers, so both
directions are no-ops there. RunPython rather than RunSQL because the SQL is PostgreSQL-only and
is generated from ``audit.triggers.AUDITED_TABLES``.
"""

from django.db import migrations

from audit import triggers


def use_statement_triggers(apps, schema_editor):
    triggers.use_statement_triggers(schema_editor.connection)


def use_row_triggers(apps, schema_editor):
    triggers.use_row_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(use_statement_triggers, use_row_triggers),
    ]
