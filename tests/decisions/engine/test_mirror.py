"""Mirroring every finding (left <-> right) flips the answer's side and changes nothing else."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from decisions.engine import decision_document, evaluate
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.mirror import comparable, mirror_exam, mirror_text, tied_sites
from tests.decisions.engine.strategies import exam_documents

CASES = load_cases()
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _doc(exam: dict[str, Any]) -> dict[str, Any]:
    return decision_document(evaluate(to_facts(exam)), computed_at=NOW)


def assert_mirror_symmetric(exam: dict[str, Any]) -> None:
    original = _doc(exam)
    mirrored = _doc(mirror_exam(exam))
    ties = tied_sites(exam)
    assert comparable(mirrored, ties) == comparable(mirror_text(original), ties)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_mirrored_case_flips_only_the_side(case: dict[str, Any]) -> None:
    assert_mirror_symmetric(case["exam"])


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_mirrored_case_lesion_side_flips(case: dict[str, Any]) -> None:
    original = _doc(case["exam"])["lesion"]
    mirrored = _doc(mirror_exam(case["exam"]))["lesion"]
    if original is None:
        assert mirrored is None
        return
    assert mirrored["site"] == original["site"]
    assert mirrored["side"] == {"left": "right", "right": "left"}.get(original["side"], original["side"])


@settings(
    max_examples=int(os.environ.get("MIRROR_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(exam=exam_documents())
def test_mirroring_generated_exams(exam: dict[str, Any]) -> None:
    assert_mirror_symmetric(exam)
