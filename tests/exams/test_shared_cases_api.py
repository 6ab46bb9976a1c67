"""Every shared clinical case, posted through the API, is stored, read back identical and decided."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from decisions.schemas import DecisionDocument
from exams.documents import parse_exam_document
from tests.conftest import load_cases

CASES = load_cases()


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """Spec semantics: an explicit null and an absent key both mean "not recorded"."""
    return parse_exam_document(document).to_json_dict()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_shared_case_round_trips_through_the_api_with_its_decision(
    ehr_a: APIClient, case: dict[str, Any]
) -> None:
    created = ehr_a.post("/api/v1/exams/", case["exam"], format="json")
    assert created.status_code == 201, created.json()

    fetched = ehr_a.get(f"/api/v1/exams/{created.json()['id']}/").json()

    stored = {k: v for k, v in fetched.items() if k not in ("id", "version", "decision")}
    assert stored == canonical(case["exam"])
    decision = DecisionDocument.model_validate(fetched["decision"])
    expected = case["expected"]
    assert decision.urgency == expected["urgency"] or decision.urgency in expected.get(
        "acceptable_urgency", []
    )
    assert fetched["decision"] == created.json()["decision"]
