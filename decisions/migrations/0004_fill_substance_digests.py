"""Fill ``DecisionRecord.substance_digest`` for the records stored before the column existed.

Not atomic as a whole: each batch of 1000 records commits on its own (``fill_substance_digests``),
so a large table is filled with flat memory and short transactions, and an interrupted run resumes
(only NULL digests are filled). A record still NULL is compared by its document, so a partly
filled table is correct, only slower to re-evaluate. The updates go through the audit triggers
like any other change to the table.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from decisions.models import fill_substance_digests


def fill(apps: Any, schema_editor: Any) -> None:
    fill_substance_digests(apps.get_model("decisions", "DecisionRecord"))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("decisions", "0003_decisionrecord_substance_digest")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
