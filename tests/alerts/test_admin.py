"""The admin shows every delivery with its attempts, and resends one that failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from alerts.models import AlertDelivery, DeliveryStatus
from alerts.services import HttpAnswer, delivery_send
from clinic.models import Clinic
from tests.alerts.helpers import cauda_equina_exam, post_exam, subscribe
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def failed_delivery(ehr_a: APIClient, clinic_a: Clinic) -> AlertDelivery:
    subscribe(clinic_a)
    post_exam(ehr_a, cauda_equina_exam())
    delivery = AlertDelivery.objects.get()
    AlertDelivery.objects.filter(pk=delivery.pk).update(retry_until=timezone.now())
    delivery_send(
        delivery_id=delivery.pk,
        post=lambda *args: HttpAnswer(status_code=503, error="", latency_ms=40),
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    return delivery


def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_a_failed_delivery_is_listed_with_its_attempts(ehr_a: APIClient, clinic_a: Clinic) -> None:
    delivery = failed_delivery(ehr_a, clinic_a)
    admin = superuser_client()

    listing = admin.get("/admin/alerts/alertdelivery/?status=failed")
    detail = admin.get(f"/admin/alerts/alertdelivery/{delivery.pk}/change/")

    assert listing.status_code == 200
    assert f"/admin/alerts/alertdelivery/{delivery.pk}/change/" in listing.content.decode()
    assert detail.status_code == 200
    assert "503" in detail.content.decode()  # the attempt's status code
    assert "40" in detail.content.decode()  # and its latency in ms


def test_the_resend_action_puts_a_failed_delivery_back_in_the_queue(
    ehr_a: APIClient, clinic_a: Clinic, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = failed_delivery(ehr_a, clinic_a)

    with django_capture_on_commit_callbacks() as enqueued:
        response = superuser_client().post(
            "/admin/alerts/alertdelivery/", {"action": "resend", "_selected_action": [delivery.pk]}
        )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert len(enqueued) == 1
