"""Safety properties over generated exams (issue 18): what must hold for any exam, not one case.

- a perfectly symmetric exam never names one side;
- recording a history item as unknown instead of "no" never removes a red flag;
- after a sudden onset no brain study is advised against;
- a study is never both recommended and advised against;
- every emergency red flag comes with at least one study at emergency urgency.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from decisions.engine import Decision, evaluate
from decisions.engine.vocabulary import Study, Urgency
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.mirror import FINDING_LISTS
from tests.decisions.engine.strategies import exam_documents

CASES = load_cases()
PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
BRAIN_STUDIES = {Study.CT_HEAD, Study.MRI_BRAIN}


def _decide(exam: dict[str, Any]) -> Decision:
    return evaluate(to_facts(exam))


def _symmetric(exam: dict[str, Any]) -> dict[str, Any]:
    """The exam with its right side replaced by a copy of its left side."""
    symmetric = copy.deepcopy(exam)
    for name in FINDING_LISTS:
        left = [item for item in symmetric.get(name, []) if item["side"] == "left"]
        symmetric[name] = left + [{**item, "side": "right"} for item in copy.deepcopy(left)]
    if not any(symmetric[name] for name in FINDING_LISTS):
        symmetric["motor"] = [
            {"muscle": "quadriceps", "side": side, "grade": "4"} for side in ("left", "right")
        ]
    return symmetric


def _unknown_instead_of_no(exam: dict[str, Any]) -> list[dict[str, Any]]:
    """One variant per history item recorded as "no": the same exam with that item unrecorded."""
    variants = []
    for key, value in exam.get("history", {}).items():
        if value is False or (key == "trauma" and value == "none"):
            variant = copy.deepcopy(exam)
            del variant["history"][key]
            variants.append(variant)
    return variants


def _flag_codes(decision: Decision) -> set[str]:
    return {flag.code.value for flag in decision.red_flags}


@PROPERTY
@given(exam=exam_documents())
def test_a_perfectly_symmetric_exam_never_names_one_side(exam: dict[str, Any]) -> None:
    decision = _decide(_symmetric(exam))
    if decision.lesion is not None:
        assert decision.lesion.side in (None, "bilateral"), decision.lesion


@PROPERTY
@given(exam=exam_documents())
def test_an_unknown_history_item_never_removes_a_red_flag(exam: dict[str, Any]) -> None:
    flags = _flag_codes(_decide(exam))
    for variant in _unknown_instead_of_no(exam):
        assert flags <= _flag_codes(_decide(variant)), variant["history"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_no_shared_case_loses_a_red_flag_when_a_no_becomes_unknown(case: dict[str, Any]) -> None:
    flags = _flag_codes(_decide(case["exam"]))
    for variant in _unknown_instead_of_no(case["exam"]):
        assert flags <= _flag_codes(_decide(variant)), variant["history"]


@PROPERTY
@given(exam=exam_documents())
def test_after_a_sudden_onset_no_brain_study_is_advised_against(exam: dict[str, Any]) -> None:
    exam = {**exam, "history": {**exam["history"], "onset": "sudden"}}
    advised_against = {item.study for item in _decide(exam).not_recommended}
    assert not advised_against & BRAIN_STUDIES


@PROPERTY
@given(exam=exam_documents())
def test_a_study_is_never_both_recommended_and_advised_against(exam: dict[str, Any]) -> None:
    decision = _decide(exam)
    recommended = {item.study for item in decision.recommendations}
    assert not recommended & {item.study for item in decision.not_recommended}


def _emergency_flags_have_emergency_studies(decision: Decision) -> None:
    if any(flag.urgency is Urgency.EMERGENCY for flag in decision.red_flags):
        assert any(rec.urgency is Urgency.EMERGENCY for rec in decision.recommendations), decision


@PROPERTY
@given(exam=exam_documents())
def test_every_emergency_red_flag_comes_with_an_emergency_study(exam: dict[str, Any]) -> None:
    _emergency_flags_have_emergency_studies(_decide(exam))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_shared_case_with_an_emergency_flag_has_an_emergency_study(case: dict[str, Any]) -> None:
    _emergency_flags_have_emergency_studies(_decide(case["exam"]))
