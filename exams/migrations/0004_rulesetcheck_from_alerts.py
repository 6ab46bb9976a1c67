"""Re-evaluation's record of checked exams moves to the exams app, where re-evaluation lives.

The rows stay: the model is taken over in the migration state, then its table is renamed from
``alerts_rulesetcheck`` to ``exams_rulesetcheck`` (``alerts.0003`` drops the old app's state).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_drop_indexes_led_by_a_constraint"),
        ("decisions", "0004_fill_substance_digests"),
        ("exams", "0003_isncsci_worksheet"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RulesetCheck",
                    fields=[
                        (
                            "exam",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="exams.exam",
                            ),
                        ),
                        ("ruleset_version", models.CharField(max_length=32)),
                        ("checked_at", models.DateTimeField()),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="decisions.decisionrecord",
                            ),
                        ),
                    ],
                    options={"db_table": "alerts_rulesetcheck"},
                ),
            ],
        ),
        migrations.AlterModelTable(name="RulesetCheck", table=None),
    ]
