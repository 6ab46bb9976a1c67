"""Shared fixtures: two clinics with their API clients (named actors), and exam documents.

Clinic A ("alpha") is where the scenarios happen; clinic B ("bravo") must never see A's data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from clinic.models import ApiClient, Clinic
from tests.factories import ApiClientFactory, ClinicFactory, normal_exam_document

CASES_DIR = Path(__file__).parent / "cases"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Speed is measured by benchmarks, never asserted by tests. Hypothesis's default 200 ms deadline
# per example is such an assertion: an API example whose first request is cold (about 0.4 s on a
# slow machine) failed it as "flaky". Every property test runs without one.
hypothesis_settings.register_profile("neuroexam", deadline=None)
hypothesis_settings.load_profile("neuroexam")


# Webhook URLs must resolve to public addresses (alerts/destinations.py). Scenarios use names
# under the reserved ``.example`` domain, which never resolve: here they resolve to a public
# address (example.com's), so subscribing works and nothing is ever sent anywhere by a test.
PUBLIC_TEST_ADDRESS = "93.184.215.14"


@pytest.fixture(autouse=True)
def example_names_resolve_publicly(monkeypatch: pytest.MonkeyPatch) -> None:
    from alerts import destinations

    real = destinations.resolve

    def resolve(host: str, port: int) -> list[str]:
        return [PUBLIC_TEST_ADDRESS] if host.endswith(".example") else real(host, port)

    monkeypatch.setattr(destinations, "resolve", resolve)


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(CASES_DIR.glob("*.json"))]


@pytest.fixture
def clinic_a(db: None) -> Clinic:
    return ClinicFactory(slug="alpha", name="Alpha Neurology")


@pytest.fixture
def clinic_b(db: None) -> Clinic:
    return ClinicFactory(slug="bravo", name="Bravo Spine")


def _client_for(clinic: Clinic) -> tuple[ApiClient, APIClient]:
    api_client, token = ApiClientFactory.create_with_token(clinic=clinic)
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api_client, http


@pytest.fixture
def ehr_a(clinic_a: Clinic) -> APIClient:
    """Clinic A's EHR, authenticated with its bearer token."""
    return _client_for(clinic_a)[1]


@pytest.fixture
def ehr_b(clinic_b: Clinic) -> APIClient:
    """Clinic B's EHR: must never see clinic A's data."""
    return _client_for(clinic_b)[1]


@pytest.fixture
def exam_document() -> dict[str, Any]:
    return normal_exam_document()
