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
    ("exams_exam_clinic_id_76d3b68c", "exams_exam", "clinic_id"),
    ("exams_exam_patient_id_6e357c22", "exams_exam", "patient_id"),
    ("exams_examversion_exam_id_aac31574", "exams_examversion", "exam_id"),
    ("exams_motorfinding_version_id_feb01f08", "exams_motorfinding", "version_id"),
    ("exams_patient_clinic_id_95f65915", "exams_patient", "clinic_id"),
    ("exams_plantarfinding_version_id_bde5289e", "exams_plantarfinding", "version_id"),
    ("exams_reflexfinding_version_id_fe1e4e57", "exams_reflexfinding", "version_id"),
    ("exams_sensoryfinding_version_id_13a06701", "exams_sensoryfinding", "version_id"),
    ("exams_specialtestfinding_version_id_3130e025", "exams_specialtestfinding", "version_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0002_role_groups'),
        ('exams', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='exam',
                    name='clinic',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='exams', to='clinic.clinic'),
                ),
                migrations.AlterField(
                    model_name='exam',
                    name='patient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='exams', to='exams.patient'),
                ),
                migrations.AlterField(
                    model_name='examversion',
                    name='exam',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='exams.exam'),
                ),
                migrations.AlterField(
                    model_name='motorfinding',
                    name='version',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='motor', to='exams.examversion'),
                ),
                migrations.AlterField(
                    model_name='patient',
                    name='clinic',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='patients', to='clinic.clinic'),
                ),
                migrations.AlterField(
                    model_name='plantarfinding',
                    name='version',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='plantar_responses', to='exams.examversion'),
                ),
                migrations.AlterField(
                    model_name='reflexfinding',
                    name='version',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reflexes', to='exams.examversion'),
                ),
                migrations.AlterField(
                    model_name='sensoryfinding',
                    name='version',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='sensory', to='exams.examversion'),
                ),
                migrations.AlterField(
                    model_name='specialtestfinding',
                    name='version',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='special_tests', to='exams.examversion'),
                ),
            ],
        ),
    ]
