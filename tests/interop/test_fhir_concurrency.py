"""Two deliveries of the same Bundle at the same moment store one exam (the unique constraint decides)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from clinic.models import Clinic
from exams.models import Exam
from interop.models import FhirIngestKey
from tests.factories import ApiClientFactory
from tests.interop.test_fhir_ingest import ehr_batch


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_bundle_store_one_exam(clinic_a: Clinic) -> None:
    _, token = ApiClientFactory.create_with_token(clinic=clinic_a)
    barrier = threading.Barrier(4)
    statuses: list[Any] = []

    def deliver() -> None:
        http = APIClient()
        http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        barrier.wait()
        try:
            response = http.post("/fhir/r4/", ehr_batch(), format="json")
            statuses.append((response.status_code, response.json()["entry"][0]["response"]["location"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Exam.objects.count() == 1
    assert FhirIngestKey.objects.count() == 3
    assert {status for status, _ in statuses} == {200}
    assert len({location for _, location in statuses}) == 1
