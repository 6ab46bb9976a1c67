"""Every shared clinical case passes its ``expected`` block (see checker.py for the semantics)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from decisions.engine import decision_document, evaluate
from tests.decisions.engine.checker import check_expected
from tests.decisions.engine.conftest import load_cases, to_facts

CASES = load_cases()
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_all_shared_cases_are_present() -> None:
    """The 26 V cases and the 44 P cases of ../shared/cases/ (spec 1.1)."""
    assert len(CASES) == 70
    assert sum(case["id"].startswith("P") for case in CASES) == 44


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_meets_its_expectations(case: dict[str, Any]) -> None:
    doc = decision_document(evaluate(to_facts(case["exam"])), computed_at=NOW)
    assert check_expected(case["expected"], doc) == [], case["why"]
