"""POST /api/v1/decisions/evaluate/: a decision for a posted exam, with nothing stored."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from decisions.models import DecisionRecord
from decisions.schemas import DecisionDocument
from exams.models import Exam, Patient
from tests.factories import set_finding

URL = "/api/v1/decisions/evaluate/"


def test_evaluating_answers_a_decision_and_stores_nothing(
    ehr_a: APIClient, exam_document: dict[str, Any]
) -> None:
    set_finding(exam_document, "motor", "muscle", "gastrocnemius_soleus", "right", grade="3")
    set_finding(exam_document, "reflexes", "reflex", "achilles", "right", grade=0)

    response = ehr_a.post(URL, exam_document, format="json")

    assert response.status_code == 200
    decision = DecisionDocument.model_validate(response.json())
    assert decision.lesion is not None
    assert decision.lesion.side == "right"
    assert not (Exam.objects.exists())
    assert not (Patient.objects.exists())
    assert not (DecisionRecord.objects.exists())


def test_evaluating_a_bad_document_names_the_field(ehr_a: APIClient, exam_document: dict[str, Any]) -> None:
    exam_document["sensory"][0]["status"] = "numb"

    response = ehr_a.post(URL, exam_document, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "sensory[0].status"
