"""``RulesetCheck`` now belongs to the exams app (``exams.0004``); the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_drop_indexes_led_by_a_constraint"),
        ("exams", "0004_rulesetcheck_from_alerts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="RulesetCheck")]),
    ]
