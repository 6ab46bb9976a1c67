"""Celery tasks of the alert outbox. Each is idempotent: a message delivered twice does no harm.

Tasks are acknowledged late (after they ran) and rejected back to the queue when their worker
dies (settings: ``CELERY_TASK_ACKS_LATE``, ``CELERY_TASK_REJECT_ON_WORKER_LOST``), so a delivery
in flight when a worker is killed runs again on another worker.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from alerts.selectors import deliveries_due
from alerts.services import deliveries_due_enqueue, delivery_send

logger = logging.getLogger(__name__)


@shared_task(name="alerts.tasks.deliver_alert", ignore_result=True)  # type: ignore[untyped-decorator]
def deliver_alert(delivery_id: int) -> None:
    delivery_send(delivery_id=delivery_id)


@shared_task(name="alerts.tasks.deliver_pending_alerts", ignore_result=True)  # type: ignore[untyped-decorator]
def deliver_pending_alerts(limit: int = 1000) -> int:
    """The sweeper: re-enqueue due deliveries nobody is sending (beat runs it every minute)."""
    ids = list(deliveries_due(now=timezone.now()).values_list("pk", flat=True)[:limit])
    if ids:
        logger.info("sweeper: %d due alert deliveries re-enqueued", len(ids))
    return deliveries_due_enqueue(delivery_ids=ids)


def delivery_enqueue(delivery_id: int, *, countdown: float = 0.0) -> None:
    """Queue one delivery attempt, ``countdown`` seconds from now.

    A countdown longer than ALERT_ETA_MAX_SECONDS is left to the sweeper: a message held that
    long by a Redis worker would outlive the visibility timeout and be handed out twice. In eager
    mode (no broker) a countdown cannot be honoured at all, so retries wait for the sweeper
    (``manage.py deliver_pending_alerts``) instead of recursing in the request.
    """
    if countdown > 0 and (settings.CELERY_TASK_ALWAYS_EAGER or countdown > settings.ALERT_ETA_MAX_SECONDS):
        return
    deliver_alert.apply_async((delivery_id,), countdown=countdown or None)
