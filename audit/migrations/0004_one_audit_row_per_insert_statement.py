"""PostgreSQL: a statement inserting several rows is one audit event listing them all.

An exam post inserts its ~58 findings with one statement per table; one audit row per finding
was about half of the database's CPU per post. The new insert function writes one event per
statement and table: a single row as before, several rows as a list in ``after`` (ids in the
rows, ``object_id`` empty). SQLite's triggers stay row-level. Reversible.
"""

from django.db import migrations

from audit import triggers


def group_inserts(apps, schema_editor):
    triggers.replace_statement_functions(schema_editor.connection)


def audit_inserts_row_by_row(apps, schema_editor):
    triggers.audit_inserts_row_by_row(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_redacted_column_changes_are_events"),
    ]

    operations = [
        migrations.RunPython(group_inserts, audit_inserts_row_by_row),
    ]
