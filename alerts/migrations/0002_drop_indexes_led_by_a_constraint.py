"""Drop the foreign-key indexes that a composite index or unique constraint already leads with.

Each cost an index insert per row written (for the finding tables, per finding of every exam
post) and served no query the composite one does not. Only the indexes are dropped: Django's
AlterField would also drop and re-add each foreign-key constraint, re-checking every row of a
large table under lock, so the database side is plain DROP INDEX (reversed by CREATE INDEX).
"""

import django.db.models.deletion
from django.db import migrations, models

# (index, table, column)
INDEXES = [
    ("alerts_alertevent_decision_id_b66f14fe", "alerts_alertevent", "decision_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0001_initial'),
        ('decisions', '0004_fill_substance_digests'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='alertevent',
                    name='decision',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='decisions.decisionrecord'),
                ),
            ],
        ),
    ]
