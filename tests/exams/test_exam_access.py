"""Tenancy: clinic B's EHR cannot see or change clinic A's exams, and cannot tell they exist."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from exams.models import Exam


@pytest.fixture
def exam_of_a(ehr_a: APIClient, exam_document: dict[str, Any]) -> dict[str, Any]:
    response = ehr_a.post("/api/v1/exams/", exam_document, format="json")
    assert response.status_code == 201
    return response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/exams/{id}/",
        "/api/v1/exams/{id}/decision/",
        "/api/v1/exams/{id}/versions/",
        "/api/v1/exams/{id}/versions/1/",
    ],
)
def test_another_clinics_exam_answers_404_like_a_missing_one(
    ehr_b: APIClient, exam_of_a: dict[str, Any], path: str
) -> None:
    foreign = ehr_b.get(path.format(id=exam_of_a["id"]))
    missing = ehr_b.get(path.format(id=exam_of_a["id"] + 1000))

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_another_clinic_cannot_amend_the_exam(
    ehr_b: APIClient, exam_of_a: dict[str, Any], exam_document: dict[str, Any]
) -> None:
    response = ehr_b.put(
        f"/api/v1/exams/{exam_of_a['id']}/", exam_document, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 404
    assert Exam.objects.get().version == 1


def test_another_clinics_exams_are_absent_from_lists_and_filters(
    ehr_b: APIClient, exam_of_a: dict[str, Any]
) -> None:
    assert ehr_b.get("/api/v1/exams/").json()["results"] == []
    assert ehr_b.get("/api/v1/exams/", {"patient": "MRN-000123"}).json()["results"] == []
    assert ehr_b.get("/api/v1/exams/", {"patient": "urn:example:mrn|MRN-000123"}).json()["results"] == []
