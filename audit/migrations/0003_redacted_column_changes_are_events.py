"""PostgreSQL: an UPDATE that changes only a redacted column (a password) is audited.

audit.0002's update function compared the rows after removing the redacted columns, so a change
of the password alone wrote no audit row (SQLite's triggers did write one). The new body decides
"changed?" on the unredacted rows and still stores them redacted. The reverse keeps the new body:
going back to 0002 need not reintroduce the gap.
"""

from django.db import migrations

from audit import triggers


def replace_statement_functions(apps, schema_editor):
    triggers.replace_statement_functions(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_statement_level_triggers"),
    ]

    operations = [
        migrations.RunPython(replace_statement_functions, migrations.RunPython.noop),
    ]
