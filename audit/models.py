"""The audit trail: one append-only row per change of a clinical or access record, and per read.

Change rows are written by database triggers (see ``audit.triggers``), not by Django, so bulk
writes, ``QuerySet.update`` and raw SQL are recorded too. Read rows are written by
``audit.services.audit_read``. Rows are never updated or deleted: a trigger on this table refuses
it. The model is unmanaged so that Django's test flush (which truncates every managed table) does
not fight that trigger; the table itself is created by this app's migration.
"""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        INSERT = "insert", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        TRUNCATE = "truncate", "Table emptied"
        READ = "read", "Read"

    occurred_at = models.DateTimeField()
    action = models.CharField(max_length=8, choices=Action.choices)
    table_name = models.CharField(max_length=63, help_text="The database table of the record.")
    object_id = models.CharField(max_length=64, null=True, blank=True)
    object_version = models.PositiveIntegerField(null=True, blank=True, help_text="Exam version read.")
    clinic_id = models.BigIntegerField(null=True, blank=True, help_text="The clinic the record belongs to.")
    actor_label = models.CharField(
        max_length=100,
        help_text="user:<id>, api_client:<id>, system, or db:<role> for writes outside the app.",
    )
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_client_id = models.BigIntegerField(null=True, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, null=True, blank=True)
    transaction_id = models.BigIntegerField(
        null=True, blank=True, help_text="PostgreSQL transaction id: rows of one write share it."
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        managed = False
        db_table = "audit_event"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["table_name", "object_id"], name="audit_event_object_idx"),
            models.Index(fields=["clinic_id", "-occurred_at"], name="audit_event_clinic_idx"),
            models.Index(fields=["occurred_at"], name="audit_event_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.table_name} {self.object_id} by {self.actor_label}"
