"""Webhook subscriptions, the alert outbox, delivery attempts, and re-evaluation checks.

The outbox: an ``AlertEvent`` and one ``AlertDelivery`` per subscribed endpoint are written in
the same transaction as the decision that raised them, so a rolled-back decision leaves no event
and a committed one cannot lose its alert (a sweeper re-enqueues anything due that no worker
picked up). Each HTTP attempt is one ``DeliveryAttempt`` row.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q


class EventType(models.TextChoices):
    # Raised when a stored decision has urgency ``emergency`` or any red flag.
    DECISION_RED_FLAG = "decision.red_flag", "decision.red_flag"


def new_signing_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """One of a clinic's systems (an on-call pager, the EHR's inbox) that wants alerts."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=128, default=new_signing_secret, help_text="HMAC-SHA256 signing key."
    )
    event_types = models.JSONField(default=list, help_text="Event types sent here, e.g. decision.red_flag.")
    description = models.CharField(max_length=200, blank=True, default="")
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["clinic", "is_active"], name="webhook_clinic_active_idx")]

    def __str__(self) -> str:
        return f"Webhook {self.pk} ({self.url})"


class AlertEvent(models.Model):
    """Something the clinic's systems must hear about; ``payload`` is the JSON body as sent."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="+")
    exam = models.ForeignKey("exams.Exam", on_delete=models.PROTECT, related_name="+")
    # No index of its own: alert_event_once_per_decision (decision, type) leads with it.
    decision = models.ForeignKey(
        "decisions.DecisionRecord", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    type = models.CharField(max_length=40, choices=EventType.choices)
    payload = models.JSONField()
    occurred_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "type"], name="alert_event_once_per_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    ACKNOWLEDGED = "acknowledged", "acknowledged (2xx)"
    FAILED = "failed", "failed (retry window over)"
    DISABLED = "disabled", "subscription disabled (410)"


class AlertDelivery(models.Model):
    """One event to one subscription: retried until acknowledged or the retry window closes."""

    event = models.ForeignKey(AlertEvent, on_delete=models.PROTECT, related_name="deliveries")
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    next_attempt_at = models.DateTimeField()
    retry_until = models.DateTimeField(help_text="After this, a failing delivery is marked failed.")
    attempt_count = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="alert_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="alert_delivery_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="alert_delivery_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.status})"


class DeliveryAttempt(models.Model):
    """One HTTP POST: when, what came back (status code or error), how long it took."""

    delivery = models.ForeignKey(AlertDelivery, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True, default="")
    latency_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"Attempt {self.pk} ({self.status_code or self.error})"
