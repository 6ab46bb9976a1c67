"""/api/v1/webhooks/: a clinic's EHR manages where its red-flag alerts go, and sees no other clinic's."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from alerts.models import WebhookSubscription
from clinic.models import Clinic
from tests.alerts.helpers import subscribe

URL = "/api/v1/webhooks/"
pytestmark = pytest.mark.django_db


def test_subscribing_answers_201_with_the_signing_secret_shown_once(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    response = ehr_a.post(URL, {"url": "https://pager.example/hooks"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["event_types"] == ["decision.red_flag"]
    assert body["secret"].startswith("whsec_")
    assert WebhookSubscription.objects.get().clinic == clinic_a
    assert "secret" not in ehr_a.get(f"{URL}{body['id']}/").json()


def test_a_bad_url_or_event_type_is_refused_naming_the_field(ehr_a: APIClient) -> None:
    bad_url = ehr_a.post(URL, {"url": "not a url"}, format="json")
    bad_event = ehr_a.post(URL, {"url": "https://a.example/", "event_types": ["exam.deleted"]}, format="json")

    assert bad_url.status_code == 400
    assert bad_url.json()["errors"][0]["field"] == "url"
    assert bad_event.status_code == 400
    assert bad_event.json()["errors"][0]["field"].startswith("event_types")
    assert not WebhookSubscription.objects.exists()


def test_the_list_shows_only_the_clinics_own_subscriptions_in_a_fixed_number_of_queries(
    ehr_a: APIClient, clinic_a: Clinic, clinic_b: Clinic, django_assert_num_queries: Any
) -> None:
    ours = [subscribe(clinic_a, f"https://a.example/{n}") for n in range(3)]
    subscribe(clinic_b, "https://b.example/")

    with django_assert_num_queries(3):  # authentication (2), then the list: not one per row
        response = ehr_a.get(URL)

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [s.pk for s in ours]


def test_another_clinics_subscription_answers_404(ehr_b: APIClient, clinic_a: Clinic) -> None:
    theirs = subscribe(clinic_a)

    assert ehr_b.get(f"{URL}{theirs.pk}/").status_code == 404
    assert ehr_b.patch(f"{URL}{theirs.pk}/", {"is_active": False}, format="json").status_code == 404
    assert ehr_b.delete(f"{URL}{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_removing_stops_deliveries_and_reactivating_clears_the_reason(
    ehr_a: APIClient, clinic_a: Clinic
) -> None:
    subscription = subscribe(clinic_a)

    assert ehr_a.delete(f"{URL}{subscription.pk}/").status_code == 204
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert subscription.disabled_reason

    response = ehr_a.patch(f"{URL}{subscription.pk}/", {"is_active": True}, format="json")
    assert response.status_code == 200
    assert response.json()["is_active"] is True
    assert response.json()["disabled_reason"] == ""


def test_subscriptions_need_credentials() -> None:
    assert APIClient().get(URL).status_code in (401, 403)
