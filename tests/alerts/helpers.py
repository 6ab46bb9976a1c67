"""Shared pieces of the alert scenarios: an emergency exam and a subscribed endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rest_framework.test import APIClient

from alerts.models import WebhookSubscription
from clinic.models import Clinic

CASES = Path(__file__).resolve().parents[1] / "cases"
SECRET = "whsec_test_secret_for_alert_scenarios"


def cauda_equina_exam() -> dict[str, Any]:
    """Urinary retention with bilateral weakness: urgency emergency, red flag cauda_equina."""
    case = json.loads((CASES / "v22-cauda-equina-retention.json").read_text())
    document: dict[str, Any] = case["exam"]
    return document


def post_exam(client: APIClient, document: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/exams/", document, format="json")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def subscribe(clinic: Clinic, url: str = "https://pager.example/hooks") -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        clinic=clinic, url=url, secret=SECRET, event_types=["decision.red_flag"]
    )
