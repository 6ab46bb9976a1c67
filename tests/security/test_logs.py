"""No patient data in logs: a full API scenario, every logger captured at DEBUG."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import normal_exam_document

MRN = "MRN-LOGCHECK-4711"
BIRTH_DATE = "1957-06-23"
NOTES = "Patient reports tingling in the left foot since the fall"


def everything_logged(records: list[logging.LogRecord]) -> str:
    parts = []
    for record in records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        parts.append(repr(getattr(record, "request", "")))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def test_a_full_api_scenario_logs_no_patient_values(
    ehr_a: APIClient, ehr_b: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    document: dict[str, Any] = normal_exam_document(mrn=MRN)
    document["patient"]["birth_date"] = BIRTH_DATE
    document["notes"] = NOTES
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.server", "django.db.backends", "exams", "decisions"):
        caplog.set_level(logging.DEBUG, logger=name)

    created = ehr_a.post("/api/v1/exams/", document, format="json")
    exam_id = created.json()["id"]
    ehr_a.get(f"/api/v1/exams/{exam_id}/")
    amended = dict(document, notes=NOTES + " (amended)")
    ehr_a.put(f"/api/v1/exams/{exam_id}/", amended, format="json", HTTP_IF_MATCH='"1"')
    ehr_a.get("/api/v1/exams/", {"patient": MRN})
    ehr_a.get(f"/api/v1/exams/{exam_id}/versions/")
    ehr_a.post("/api/v1/decisions/evaluate/", document, format="json")
    bad = dict(document, motor=[{"muscle": "hip_flexors", "side": "left", "grade": "9"}])
    invalid = ehr_a.post("/api/v1/exams/", bad, format="json")
    foreign = ehr_b.get(f"/api/v1/exams/{exam_id}/")
    conflict = ehr_a.put(f"/api/v1/exams/{exam_id}/", document, format="json", HTTP_IF_MATCH='"1"')

    assert (created.status_code, invalid.status_code, foreign.status_code, conflict.status_code) == (
        201,
        400,
        404,
        412,
    )
    assert caplog.records  # the 4xx answers were logged, so the capture works
    logged = everything_logged(caplog.records)
    for value in (MRN, BIRTH_DATE, NOTES):
        assert value not in logged
