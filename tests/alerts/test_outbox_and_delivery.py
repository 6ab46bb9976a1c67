"""The alert outbox and one delivery attempt at a time, with a stand-in for the HTTP call.

The live tests (tests/celery_live) do the same over a real broker, worker and HTTP receiver.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.models import AlertDelivery, AlertEvent, DeliveryAttempt, DeliveryStatus
from alerts.services import HttpAnswer, deliveries_resend, delivery_send
from alerts.signing import signature_valid
from clinic.models import Clinic
from decisions.services import decision_evaluate, decision_record_new, decision_store
from exams.documents import parse_exam_document
from exams.models import ExamVersion
from tests.alerts.helpers import SECRET, cauda_equina_exam, post_exam, subscribe
from tests.factories import normal_exam_document

pytestmark = pytest.mark.django_db


class Receiver:
    """Answers each POST with the next status code (None: a timeout) and keeps what it got."""

    def __init__(self, *answers: int | None) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> HttpAnswer:
        self.requests.append((url, body, headers))
        code = self.answers.pop(0)
        if code is None:
            return HttpAnswer(
                status_code=None, error="ReadTimeout: timed out", latency_ms=int(timeout * 1000)
            )
        return HttpAnswer(status_code=code, error="", latency_ms=12)


def the_delivery() -> AlertDelivery:
    return AlertDelivery.objects.select_related("event", "subscription").get()


def make_due(delivery: AlertDelivery) -> None:
    AlertDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_an_emergency_exam_writes_one_event_and_a_delivery_per_subscription(
    ehr_a: APIClient, clinic_a: Clinic, clinic_b: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    pager, inbox = subscribe(clinic_a), subscribe(clinic_a, "https://ehr.example/inbox")
    subscribe(clinic_b, "https://bravo.example/hooks")  # another clinic's system hears nothing

    with django_capture_on_commit_callbacks() as enqueued:
        exam = post_exam(ehr_a, cauda_equina_exam())

    event = AlertEvent.objects.get()
    assert event.exam_id == exam["id"]
    assert event.payload["type"] == "decision.red_flag"
    assert event.payload["exam"] == {
        "id": exam["id"],
        "version": 1,
        "url": f"http://localhost:8000/api/v1/exams/{exam['id']}/",
    }
    assert event.payload["patient"] == {"identifier": exam["patient"]["identifier"]}
    assert event.payload["decision"]["urgency"] == "emergency"
    codes = [f["code"] for f in event.payload["decision"]["red_flags"]]
    assert "cauda_equina" in codes
    assert codes == [f["code"] for f in exam["decision"]["red_flags"]]
    assert event.payload["decision"]["lesion"] == exam["decision"]["lesion"]["label"]
    assert {d.subscription_id for d in AlertDelivery.objects.all()} == {pager.pk, inbox.pk}
    assert len(enqueued) == 2  # one task per delivery, sent only after the commit


def test_a_normal_exam_raises_no_alert(ehr_a: APIClient, clinic_a: Clinic) -> None:
    subscribe(clinic_a)

    post_exam(ehr_a, normal_exam_document())

    assert not AlertEvent.objects.exists()
    assert not AlertDelivery.objects.exists()


def test_a_rolled_back_decision_leaves_no_event_and_enqueues_nothing(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    subscribe(clinic_a)
    exam = post_exam(ehr_a, normal_exam_document())
    version = ExamVersion.objects.select_related("exam__patient").get(exam_id=exam["id"])
    seen_inside: list[int] = []

    def amend_then_fail() -> None:
        with transaction.atomic():
            now = timezone.now()
            facts = parse_exam_document(cauda_equina_exam()).to_facts()
            decision = decision_record_new(
                document=decision_evaluate(facts=facts, computed_at=now), computed_at=now
            )
            decision.exam_version = version
            decision_store(decision=decision)
            seen_inside.append(AlertEvent.objects.count())
            raise RuntimeError("the amendment failed after the decision")

    with django_capture_on_commit_callbacks() as enqueued, pytest.raises(RuntimeError):
        amend_then_fail()

    assert seen_inside == [1]  # the event was written in the decision's transaction...
    assert not AlertEvent.objects.exists()  # ...and rolled back with it
    assert enqueued == []


def test_a_2xx_acknowledges_once_and_a_redelivered_task_sends_nothing(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = the_delivery()
    receiver = Receiver(204)

    assert delivery_send(delivery_id=delivery.pk, post=receiver) == DeliveryStatus.ACKNOWLEDGED
    assert delivery_send(delivery_id=delivery.pk, post=receiver) is None  # the same message again

    assert len(receiver.requests) == 1
    url, body, headers = receiver.requests[0]
    assert url == "https://pager.example/hooks"
    assert json.loads(body) == delivery.event.payload
    assert headers["X-Neuroexam-Event-Id"] == str(delivery.event.event_id)
    now = int(timezone.now().timestamp())
    assert signature_valid(secret=SECRET, header=headers["X-Neuroexam-Signature"], body=body, now=now)
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    assert DeliveryAttempt.objects.filter(delivery=delivery, status_code=204).count() == 1


def test_errors_and_timeouts_retry_later_each_attempt_recorded(ehr_a: APIClient, clinic_a: Clinic) -> None:
    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = the_delivery()
    receiver = Receiver(503, None, 200)

    assert delivery_send(delivery_id=delivery.pk, post=receiver) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.next_attempt_at > timezone.now() - timedelta(seconds=1)
    make_due(delivery)
    assert delivery_send(delivery_id=delivery.pk, post=receiver) == DeliveryStatus.PENDING
    make_due(delivery)
    assert delivery_send(delivery_id=delivery.pk, post=receiver) == DeliveryStatus.ACKNOWLEDGED

    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("status_code", "error"))
    assert attempts == [(503, ""), (None, "ReadTimeout: timed out"), (200, "")]


def test_an_early_duplicate_of_a_retry_waits_for_its_time(ehr_a: APIClient, clinic_a: Clinic) -> None:
    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = the_delivery()
    receiver = Receiver(500, 200)
    delivery_send(delivery_id=delivery.pk, post=receiver)
    AlertDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert delivery_send(delivery_id=delivery.pk, post=receiver) is None
    assert len(receiver.requests) == 1


def test_410_gone_disables_the_subscription_and_its_pending_deliveries(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    subscription = subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    post_exam(ehr_a, cauda_equina_exam() | {"performed_at": "2026-11-21T09:30:00Z"})
    first, second = AlertDelivery.objects.order_by("id")

    assert delivery_send(delivery_id=first.pk, post=Receiver(410)) == DeliveryStatus.DISABLED

    subscription.refresh_from_db()
    second.refresh_from_db()
    assert not subscription.is_active
    assert "410" in subscription.disabled_reason
    assert second.status == DeliveryStatus.DISABLED
    post_exam(ehr_a, cauda_equina_exam() | {"performed_at": "2026-11-22T09:30:00Z"})
    assert AlertDelivery.objects.count() == 2  # no new delivery to a disabled subscription


def test_after_the_retry_window_the_delivery_fails_and_the_admin_can_resend_it(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = the_delivery()
    AlertDelivery.objects.filter(pk=delivery.pk).update(retry_until=timezone.now())

    assert delivery_send(delivery_id=delivery.pk, post=Receiver(502)) == DeliveryStatus.FAILED

    with django_capture_on_commit_callbacks() as enqueued:
        assert deliveries_resend(deliveries=AlertDelivery.objects.all()) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.retry_until > timezone.now() + timedelta(hours=23)
    assert len(enqueued) == 1
    assert delivery_send(delivery_id=delivery.pk, post=Receiver(200)) == DeliveryStatus.ACKNOWLEDGED
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 2


def test_the_sweeper_enqueues_deliveries_left_behind_by_a_crash(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from alerts.tasks import deliver_pending_alerts

    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())  # its on_commit enqueue never ran (test transaction)
    delivery = the_delivery()
    assert deliver_pending_alerts() == 0  # within the grace, the on_commit enqueue has it
    AlertDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks() as enqueued:
        assert deliver_pending_alerts() == 1
    assert len(enqueued) == 1


class WorkerKilled(BaseException):
    """What a SIGKILL does to the sender, as far as the database can tell: it never comes back."""


def test_an_attempt_is_on_record_before_its_post_so_a_crash_leaves_a_complete_history(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    from alerts.services import IN_FLIGHT

    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = the_delivery()

    def dies_mid_post(*args: Any) -> HttpAnswer:
        raise WorkerKilled

    with pytest.raises(WorkerKilled):
        delivery_send(delivery_id=delivery.pk, post=dies_mid_post)

    assert list(DeliveryAttempt.objects.values_list("status_code", "error")) == [(None, IN_FLIGHT)]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.PENDING, 1)
    # The redelivered message during the dead attempt's lease sends nothing and comes back later.
    receiver = Receiver(200)
    with django_capture_on_commit_callbacks() as requeued:
        assert delivery_send(delivery_id=delivery.pk, post=receiver) is None
    assert receiver.requests == []
    assert len(requeued) == 1

    make_due(delivery)  # the lease is over
    assert delivery_send(delivery_id=delivery.pk, post=receiver) == DeliveryStatus.ACKNOWLEDGED

    attempts = list(DeliveryAttempt.objects.order_by("id").values_list("status_code", "error"))
    assert attempts == [(None, IN_FLIGHT), (200, "")]
    delivery.refresh_from_db()
    assert delivery.attempt_count == 2
