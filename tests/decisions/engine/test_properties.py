"""Property tests: normal findings never raise red flags; invalid values never reach the engine."""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.engine import evaluate
from decisions.engine.vocabulary import Muscle, Reflex, SensoryRegion
from exams.documents import DocumentInvalid, parse_exam_document
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.strategies import exam_documents

CASES = load_cases()
SIDES = ("left", "right")


def _absent_normals(exam: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every normal finding (MRC 5, reflex 2, sensation normal) the exam does not record yet."""
    present = {
        (name, item.get("muscle") or item.get("reflex") or item.get("region"), item["side"])
        for name in ("motor", "reflexes", "sensory")
        for item in exam.get(name, [])
    }
    candidates: list[tuple[str, dict[str, Any]]] = []
    for side in SIDES:
        candidates += [
            ("motor", {"muscle": m.value, "side": side, "grade": "5"})
            for m in Muscle
            if ("motor", m.value, side) not in present
        ]
        candidates += [
            ("reflexes", {"reflex": r.value, "side": side, "grade": 2})
            for r in Reflex
            if ("reflexes", r.value, side) not in present
        ]
        candidates += [
            ("sensory", {"region": r.value, "side": side, "status": "normal"})
            for r in SensoryRegion
            if ("sensory", r.value, side) not in present
        ]
    return candidates


def _flags(exam: dict[str, Any]) -> set[str]:
    return {flag.code.value for flag in evaluate(to_facts(exam)).red_flags}


def _with(exam: dict[str, Any], name: str, item: dict[str, Any]) -> dict[str, Any]:
    grown = copy.deepcopy(exam)
    grown.setdefault(name, []).append(item)
    return grown


@settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(exam=exam_documents(), data=st.data())
def test_adding_a_normal_finding_never_creates_a_red_flag(exam: dict[str, Any], data: st.DataObject) -> None:
    candidates = _absent_normals(exam)
    name, item = data.draw(st.sampled_from(candidates))
    assert _flags(_with(exam, name, item)) <= _flags(exam)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_no_normal_addition_to_a_shared_case_creates_a_red_flag(case: dict[str, Any]) -> None:
    before = _flags(case["exam"])
    for name, item in _absent_normals(case["exam"]):
        assert _flags(_with(case["exam"], name, item)) <= before, (name, item)


_BAD_VALUES = [
    ("motor", {"muscle": "quadriceps", "side": "left", "grade": "6"}),
    ("motor", {"muscle": "quadriceps", "side": "left", "grade": "4++"}),
    ("motor", {"muscle": "deltoid", "side": "left", "grade": "4"}),
    ("reflexes", {"reflex": "patellar", "side": "left", "grade": 5}),
    ("reflexes", {"reflex": "jaw_jerk", "side": "left", "grade": 2}),
    ("sensory", {"region": "scalp", "side": "left", "status": "reduced"}),
    ("sensory", {"region": "sole", "side": "left", "status": "tingly"}),
    ("special_tests", {"test": "hoover", "side": "left", "result": "positive"}),
    ("plantar_responses", {"side": "middle", "response": "extensor"}),
]


@pytest.mark.parametrize(("name", "item"), _BAD_VALUES)
def test_out_of_vocabulary_values_are_rejected_before_the_engine(name: str, item: dict[str, Any]) -> None:
    exam = _with(CASES[0]["exam"], name, item)
    exam[name] = [item]  # avoid duplicate (name, side) errors masking the vocabulary error
    with pytest.raises(DocumentInvalid):
        parse_exam_document(exam)


@settings(max_examples=100, deadline=None)
@given(
    grade=st.text(max_size=4).filter(
        lambda g: (
            g not in {"0", "1", "1+", "2-", "2", "2+", "3-", "3", "3+", "4-", "4", "4+", "5-", "5", "NT"}
        )
    )
)
def test_any_unknown_mrc_grade_is_rejected(grade: str) -> None:
    exam = copy.deepcopy(CASES[0]["exam"])
    exam["motor"] = [{"muscle": "quadriceps", "side": "left", "grade": grade}]
    with pytest.raises(DocumentInvalid):
        parse_exam_document(exam)
