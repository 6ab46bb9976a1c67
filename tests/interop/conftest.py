"""The CDS Hooks tests' EHR and its HTTP client."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from clinic.models import Clinic
from tests.interop.cds import TestEhr


@pytest.fixture
def client() -> APIClient:
    """The EHR's HTTP client (DRF's, so that format="json" sends JSON); no bearer token of ours."""
    return APIClient()


@pytest.fixture
def ehr(clinic_a: Clinic) -> TestEhr:
    return TestEhr(clinic_a)
