"""Reads of webhook subscriptions and alert deliveries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from alerts.models import AlertDelivery, DeliveryStatus, WebhookSubscription


def subscription_list(*, clinic_id: int) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(clinic_id=clinic_id).order_by("id")


def subscription_get(*, clinic_id: int, subscription_id: int) -> WebhookSubscription:
    """Another clinic's subscription answers 404, like its exams."""
    subscription = subscription_list(clinic_id=clinic_id).filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404("webhook subscription not found")
    return subscription


def deliveries_due(*, now: datetime) -> QuerySet[AlertDelivery]:
    """Pending deliveries whose attempt is due and that no worker has picked up within the grace.

    The grace keeps the sweeper from racing the enqueue that ``on_commit`` just did; what it catches
    is a process that died between commit and enqueue, or a retry too far ahead for a countdown.
    """
    grace = timedelta(seconds=settings.ALERT_SWEEP_GRACE_SECONDS)
    return AlertDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now - grace
    ).order_by("next_attempt_at")
