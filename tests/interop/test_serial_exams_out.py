"""The comparison with the earlier exam goes out too (issue 24): CDS cards mention a fall in
strength, and the FHIR ClinicalImpression names its ``previous`` impression and the changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from clinic.models import Clinic
from decisions.engine import EarlierExam, decision_document, evaluate
from exams.documents import parse_exam_document
from interop.fhir.outbound import decision_resources
from tests.factories import normal_exam_document, set_finding
from tests.interop.cds import TestEhr, fhir_patient, patient_view_request

PATIENT_VIEW = "neuroexam-patient-view"


def _exam(performed_at: str, quadriceps: str, encounter: str) -> dict[str, Any]:
    document = normal_exam_document(external_id=encounter, performed_at=performed_at)
    set_finding(document, "motor", "muscle", "quadriceps", "left", grade=quadriceps)
    return document


@pytest.mark.django_db
def test_the_patient_view_cards_mention_the_fall_in_strength(clinic_a: Clinic, ehr_a: APIClient) -> None:
    for performed_at, grade, encounter in (
        ("2026-11-02T09:00:00Z", "4", "e1"),
        ("2026-11-20T09:30:00Z", "3", "e2"),
    ):
        assert (
            ehr_a.post("/api/v1/exams/", _exam(performed_at, grade, encounter), format="json").status_code
            == 201
        )
    ehr = TestEhr(clinic_a)
    identifier = normal_exam_document()["patient"]["identifier"]

    response = APIClient().post(
        f"/cds-services/{PATIENT_VIEW}",
        patient_view_request(fhir_patient(identifier)),
        format="json",
        **ehr.headers(PATIENT_VIEW),
    )

    assert response.status_code == 200, response.json()
    cards = response.json()["cards"]
    progressive = next(card for card in cards if card["summary"] == "Red flag: Progressive motor deficit")
    assert "Left quadriceps MRC 4 on 2026-11-02, 3 today" in progressive["detail"]
    lesion = next(card for card in cards if card["summary"].startswith("Likely "))
    assert (
        "Since the exam of 2026-11-02:\n- Worsened: Left quadriceps MRC 4 on 2026-11-02, 3 today"
        in lesion["detail"]
    )


def test_the_clinical_impression_names_the_previous_one_and_the_changes() -> None:
    earlier = parse_exam_document(_exam("2026-11-02T09:00:00Z", "4", "e1"))
    today = parse_exam_document(_exam("2026-11-20T09:30:00Z", "3", "e2"))
    decision = decision_document(
        evaluate(
            today.to_facts(),
            EarlierExam("5", 1, earlier.performed_at, earlier.to_facts()),
            performed_at=today.performed_at,
        ),
        computed_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )

    resources = decision_resources(
        exam_id=7,
        decision=decision,
        subject={"reference": "Patient/1"},
        observations=[{"effectiveDateTime": "2026-11-20T09:30:00Z"}],
    )

    (impression,) = [r for r in resources if r["resourceType"] == "ClinicalImpression"]
    assert impression["previous"] == {"reference": "ClinicalImpression/5-decision"}
    texts = [finding["itemCodeableConcept"].get("text") for finding in impression["finding"]]
    assert "Left quadriceps MRC 4 on 2026-11-02, 3 today" in texts
    alone = decision_resources(
        exam_id=7,
        decision=decision_document(
            evaluate(today.to_facts()), computed_at=datetime(2026, 11, 20, tzinfo=UTC)
        ),
        subject={"reference": "Patient/1"},
        observations=[{"effectiveDateTime": "2026-11-20T09:30:00Z"}],
    )
    assert "previous" not in alone[0]
