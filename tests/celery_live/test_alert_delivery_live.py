"""Red-flag alerts end to end: API -> outbox -> broker -> celery worker process -> HTTP receiver.

Nothing is faked: the exam is posted through the API, the task goes through a real broker (each
test runs on Redis and on RabbitMQ) to a real worker subprocess on the test database, and the alert
is POSTed to a real HTTP server on a loopback port. Retries use a 0.2 s backoff base and Redis a
4 s visibility timeout.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from alerts.models import AlertDelivery, AlertEvent, DeliveryAttempt, DeliveryStatus
from alerts.services import IN_FLIGHT
from alerts.signing import signature_valid
from clinic.models import Clinic
from clinic.tenancy import SYSTEM
from exams.documents import parse_exam_document
from exams.services import exam_create
from tests.alerts.helpers import SECRET, cauda_equina_exam, post_exam, subscribe
from tests.celery_live.conftest import Receiver, wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def delivery_status() -> str:
    return AlertDelivery.objects.get().status


def test_an_emergency_exam_reaches_the_receiver_signed(
    start_worker: Any, receiver: Receiver, ehr_a: APIClient, clinic_a: Clinic
) -> None:
    subscribe(clinic_a, receiver.url)
    start_worker()

    exam = post_exam(ehr_a, cauda_equina_exam())

    receiver.wait_for(1)
    headers, body = receiver.received[0]
    assert signature_valid(
        secret=SECRET, header=headers["X-Neuroexam-Signature"], body=body, now=int(time.time())
    )
    alert = json.loads(body)
    assert headers["X-Neuroexam-Event-Id"] == alert["id"] == str(AlertEvent.objects.get().event_id)
    assert alert["type"] == "decision.red_flag"
    assert alert["exam"]["id"] == exam["id"]
    assert alert["decision"]["urgency"] == "emergency"
    assert alert["patient"]["identifier"] == exam["patient"]["identifier"]
    wait_until(lambda: delivery_status() == DeliveryStatus.ACKNOWLEDGED, what="the acknowledgement")


def test_three_failures_then_success_give_one_acknowledged_event_and_four_attempts(
    start_worker: Any, receiver: Receiver, ehr_a: APIClient, clinic_a: Clinic
) -> None:
    receiver.script = [500, 503, 502, 200]
    subscribe(clinic_a, receiver.url)
    start_worker()

    post_exam(ehr_a, cauda_equina_exam())

    wait_until(lambda: delivery_status() == DeliveryStatus.ACKNOWLEDGED, what="the acknowledgement")
    time.sleep(1)  # room for a stray duplicate to show up, if there were one
    assert AlertEvent.objects.count() == 1
    codes = list(DeliveryAttempt.objects.order_by("attempted_at").values_list("status_code", flat=True))
    assert codes == [500, 503, 502, 200]
    assert len(receiver.received) == 4
    assert len({headers["X-Neuroexam-Event-Id"] for headers, _ in receiver.received}) == 1


def test_a_worker_killed_mid_delivery_is_replaced_and_the_alert_still_arrives(
    start_worker: Any, receiver: Receiver, ehr_a: APIClient, clinic_a: Clinic
) -> None:
    receiver.script = ["block"]  # the first POST hangs: the worker is inside the delivery
    subscribe(clinic_a, receiver.url)
    first = start_worker()
    post_exam(ehr_a, cauda_equina_exam())
    receiver.wait_for(1)

    first.kill_hard()
    receiver.release.set()
    assert delivery_status() == DeliveryStatus.PENDING
    # The killed attempt is on record, committed before its POST went out.
    assert list(DeliveryAttempt.objects.values_list("status_code", "error")) == [(None, IN_FLIGHT)]
    start_worker()

    # The unacknowledged message comes back (RabbitMQ at once: the dead worker's connection closed;
    # Redis once its visibility timeout has passed), finds the dead attempt's lease, and is sent
    # again when the lease (the POST's timeout) is over.
    wait_until(lambda: delivery_status() == DeliveryStatus.ACKNOWLEDGED, timeout=120, what="redelivery")
    assert len(receiver.received) == 2
    assert receiver.received[0][0]["X-Neuroexam-Event-Id"] == receiver.received[1][0]["X-Neuroexam-Event-Id"]
    attempts = list(DeliveryAttempt.objects.order_by("id").values_list("status_code", "error"))
    assert attempts == [(None, IN_FLIGHT), (200, "")]


def test_a_rolled_back_decision_sends_nothing(
    start_worker: Any, receiver: Receiver, ehr_a: APIClient, clinic_a: Clinic
) -> None:
    subscribe(clinic_a, receiver.url)
    start_worker()
    rolled_back = cauda_equina_exam() | {"external_id": {"system": "urn:example:ehr", "value": "rolled-back"}}

    def create_then_fail() -> None:
        with transaction.atomic():
            exam_create(clinic_id=clinic_a.pk, document=parse_exam_document(rolled_back), actor=SYSTEM)
            raise RuntimeError("a later step of the same request failed")

    with pytest.raises(RuntimeError):
        create_then_fail()
    committed = post_exam(ehr_a, cauda_equina_exam())  # the positive control, queued after it

    receiver.wait_for(1)
    time.sleep(2)  # a wrongly sent alert for the rolled-back exam would have arrived by now
    assert [json.loads(body)["exam"]["id"] for _, body in receiver.received] == [committed["id"]]
    assert AlertEvent.objects.count() == 1
