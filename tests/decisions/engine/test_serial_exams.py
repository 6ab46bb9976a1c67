"""Serial exams: today's exam compared with the patient's earlier one (issue 24).

Sequences of two exams of one patient, built from the shared L3 radiculopathy case (P04: left
quadriceps MRC 4, history "stable", routine, no red flag), changed one finding at a time.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from decisions.engine import RULESET, Decision, Direction, EarlierExam, decision_document, evaluate
from decisions.engine.vocabulary import URGENCY_RANK, RedFlagCode, Urgency
from tests.decisions.engine.conftest import load_cases, to_facts
from tests.decisions.engine.mirror import mirror_exam, mirror_text

TODAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
EARLIER = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
PROGRESSIVE = RedFlagCode.PROGRESSIVE_MOTOR_DEFICIT
CASES = load_cases()
P04 = next(case["exam"] for case in CASES if case["id"] == "P04")


def _exam(*, quadriceps: str = "4", **history: Any) -> dict[str, Any]:
    exam = copy.deepcopy(P04)
    for finding in exam["motor"]:
        if finding["muscle"] == "quadriceps" and finding["side"] == "left":
            finding["grade"] = quadriceps
    exam["history"].update(history)
    return exam


def _evaluate(today: dict[str, Any], earlier: dict[str, Any], *, earlier_at: datetime = EARLIER) -> Decision:
    previous = EarlierExam("exam-1", 2, earlier_at, to_facts(earlier))
    return evaluate(to_facts(today), previous, performed_at=TODAY)


def _flag(decision: Decision, code: RedFlagCode = PROGRESSIVE):
    return next((flag for flag in decision.red_flags if flag.code is code), None)


def test_quadriceps_4_then_3_raises_progression_with_evidence_from_both_exams() -> None:
    decision = _evaluate(_exam(quadriceps="3"), _exam(quadriceps="4"))

    flag = _flag(decision)
    assert flag is not None
    assert flag.urgency is Urgency.URGENT  # what the rule gives a one-sided root deficit today
    assert ("motor[8]", "Left quadriceps MRC 4 on 2026-11-02, 3 today") in flag.evidence
    assert "design-serial-comparison" in flag.sources
    [change] = decision.changes
    assert (change.finding, change.before, change.after, change.direction) == (
        "motor[8]",
        "4",
        "3",
        Direction.WORSENED,
    )


def test_a_fall_in_strength_raises_the_flag_although_the_history_says_stable() -> None:
    alone = evaluate(to_facts(_exam(quadriceps="4")))
    compared = _evaluate(_exam(quadriceps="4"), _exam(quadriceps="5"))

    assert _flag(alone) is None
    assert alone.urgency is Urgency.ROUTINE
    assert _flag(compared) is not None
    assert compared.urgency is Urgency.URGENT


def test_quadriceps_4_then_4_minus_is_no_change() -> None:
    decision = _evaluate(_exam(quadriceps="4-"), _exam(quadriceps="4"))

    assert decision.changes == ()
    assert _flag(decision) is None
    assert decision.compared_with is not None


def test_quadriceps_3_then_4_is_an_improvement_and_raises_nothing() -> None:
    today = _exam(quadriceps="4")
    decision = _evaluate(today, _exam(quadriceps="3"))

    [change] = decision.changes
    assert (change.before, change.after, change.direction) == ("3", "4", Direction.IMPROVED)
    assert [flag.code for flag in decision.red_flags] == [
        flag.code for flag in evaluate(to_facts(today)).red_flags
    ]
    assert decision.urgency is Urgency.ROUTINE


def test_reflex_lost_sensation_lost_and_new_bladder_symptoms_are_reported() -> None:
    today = _exam(bladder_dysfunction=True)
    today["reflexes"][0]["grade"] = 0  # left patellar: reduced before, absent today
    today["sensory"][4]["status"] = "reduced"  # left lateral thigh: normal before
    decision = _evaluate(today, _exam())

    assert [(c.finding, c.before, c.after, c.direction) for c in decision.changes] == [
        ("reflexes[0]", "1", "0", Direction.WORSENED),
        ("sensory[4]", "normal", "reduced", Direction.WORSENED),
        ("history.bladder_dysfunction", "no", "yes", Direction.WORSENED),
    ]
    assert _flag(decision) is None  # no fall in strength: not a progressive motor deficit
    assert _flag(decision, RedFlagCode.CAUDA_EQUINA) is not None  # today's findings, as always


def test_an_exam_outside_the_window_is_not_compared() -> None:
    decision = _evaluate(
        _exam(quadriceps="3"), _exam(quadriceps="5"), earlier_at=TODAY - timedelta(weeks=12, days=1)
    )

    assert decision.compared_with is None
    assert decision.changes == ()
    assert _flag(decision) is None


def test_an_exam_at_the_edge_of_the_window_is_compared() -> None:
    decision = _evaluate(_exam(quadriceps="3"), _exam(quadriceps="5"), earlier_at=TODAY - timedelta(weeks=12))

    assert decision.compared_with is not None
    assert _flag(decision) is not None


def test_an_exam_performed_later_is_not_an_earlier_exam() -> None:
    decision = _evaluate(_exam(quadriceps="3"), _exam(quadriceps="5"), earlier_at=TODAY + timedelta(days=1))

    assert decision.compared_with is None


def test_comparing_needs_todays_time() -> None:
    with pytest.raises(ValueError, match="performed_at"):
        evaluate(to_facts(_exam()), EarlierExam("exam-1", 1, EARLIER, to_facts(_exam())))


def test_a_flag_raised_by_todays_history_keeps_its_urgency_beside_an_improvement() -> None:
    today = _exam(quadriceps="3", progression="rapidly_worsening", bilateral_leg_symptoms=True)
    for finding in today["motor"]:
        if finding["muscle"] == "quadriceps":
            finding["grade"] = "3"
    alone = evaluate(to_facts(today))
    earlier = copy.deepcopy(today)
    for finding in earlier["motor"]:
        if finding["muscle"] == "quadriceps":
            finding["grade"] = "2"
    decision = _evaluate(today, earlier)

    assert _flag(alone).urgency is Urgency.EMERGENCY
    assert _flag(decision).urgency is Urgency.EMERGENCY
    assert {c.direction for c in decision.changes} == {Direction.IMPROVED}


@pytest.mark.parametrize("today_case", CASES, ids=lambda case: case["id"])
def test_no_comparison_lowers_or_removes_a_flag_raised_by_todays_findings(today_case: dict[str, Any]) -> None:
    today = today_case["exam"]
    alone = {flag.code: flag.urgency for flag in evaluate(to_facts(today)).red_flags}
    for earlier_case in CASES:
        compared = _evaluate(today, earlier_case["exam"])
        flags = {flag.code: flag.urgency for flag in compared.red_flags}
        for code, urgency in alone.items():
            assert code in flags, (today_case["id"], earlier_case["id"], code)
            assert URGENCY_RANK[flags[code]] >= URGENCY_RANK[urgency], (today_case["id"], earlier_case["id"])


@pytest.mark.parametrize(
    ("today", "earlier"),
    [
        (_exam(quadriceps="3"), _exam(quadriceps="4")),
        (_exam(quadriceps="4"), _exam(quadriceps="3")),
        (_exam(quadriceps="4-", bladder_dysfunction=True), _exam(quadriceps="5")),
    ],
    ids=["fall", "improvement", "fall-and-bladder"],
)
def test_a_mirrored_sequence_gives_the_mirrored_comparison(
    today: dict[str, Any], earlier: dict[str, Any]
) -> None:
    plain = decision_document(_evaluate(today, earlier), TODAY)
    mirrored = decision_document(_evaluate(mirror_exam(today), mirror_exam(earlier)), TODAY)

    assert mirrored["changes"] == mirror_text(plain["changes"])
    assert mirrored["red_flags"] == mirror_text(plain["red_flags"])
    assert mirrored["urgency"] == plain["urgency"]


def test_the_document_carries_the_comparison_as_additions() -> None:
    document = decision_document(_evaluate(_exam(quadriceps="3"), _exam(quadriceps="4")), TODAY)
    alone = decision_document(evaluate(to_facts(_exam())), TODAY)

    assert document["ruleset"] == {"name": RULESET.name, "version": "2.1.0"}
    assert document["compared_with"] == {"id": "exam-1", "version": 2, "performed_at": "2026-11-02T09:30:00Z"}
    assert document["changes"] == [
        {
            "finding": "motor[8]",
            "before": "4",
            "after": "3",
            "direction": "worsened",
            "text": "Left quadriceps MRC 4 on 2026-11-02, 3 today",
        }
    ]
    assert alone["compared_with"] is None
    assert alone["changes"] == []
