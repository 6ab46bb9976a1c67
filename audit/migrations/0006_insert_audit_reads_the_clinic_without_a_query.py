"""PostgreSQL: re-install the statement-level audit functions with their current bodies.

The grouped insert function now reads a single row's clinic directly and skips the clinic query
for tables without a clinic_id, and aggregates the rows as ``to_jsonb(array_agg(n))`` instead of
``jsonb_agg(to_jsonb(n))``: the same audit rows for less CPU per trigger call. Bodies
changed in place since audit.0004 (a leaner aggregate) are installed by this migration too.
Reversing it keeps the current bodies: they write exactly what the earlier ones wrote.
"""

from django.db import migrations

from audit import triggers


def install_current_bodies(apps, schema_editor):
    triggers.replace_statement_functions(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_lz4_for_large_json"),
    ]

    operations = [
        migrations.RunPython(install_current_bodies, migrations.RunPython.noop),
    ]
