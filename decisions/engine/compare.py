"""Today's exam against the patient's earlier one: the changes that matter, finding by finding.

Clinicians detect a progressive deficit by comparing exams (quadriceps 4 last week, 3 today).
The service chooses the earlier exam (same patient, same clinic, the most recent before this one
by ``performed_at``); the engine only compares plain facts, and only within the window of
``knowledge/thresholds.py``. A change is reported with a finding reference into today's exam,
the value before and after, its direction and a sentence naming both exams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from decisions.engine.facts import ExamFacts
from decisions.engine.knowledge.serial import COMPARED_HISTORY
from decisions.engine.knowledge.thresholds import COMPARISON_WINDOW_DAYS, MRC_CHANGE_GRADES
from decisions.engine.vocabulary import MRC_GRADE_VALUES, SensoryStatus, Side

WINDOW = timedelta(days=COMPARISON_WINDOW_DAYS.value)
_WHOLE_GRADE = MRC_CHANGE_GRADES.value - 1e-9  # the grade values are rounded thirds
_REFLEX_WORDS = {0: "absent", 1: "reduced", 2: "normal", 3: "brisk", 4: "with clonus"}
# How much sensation is lost; "increased" (dysaesthesia) and "NT" are not a loss and not compared.
_SENSORY_LOSS = {SensoryStatus.NORMAL: 0, SensoryStatus.REDUCED: 1, SensoryStatus.ABSENT: 2}


class Direction(StrEnum):
    WORSENED = "worsened"
    IMPROVED = "improved"


@dataclass(frozen=True, slots=True)
class EarlierExam:
    """The exam today's is compared with: its identity (stamped on the decision) and its facts."""

    exam_id: str
    version: int
    performed_at: datetime
    facts: ExamFacts


@dataclass(frozen=True, slots=True)
class ComparedWith:
    exam_id: str
    version: int
    performed_at: datetime


@dataclass(frozen=True, slots=True)
class Change:
    """One finding that changed: ``finding`` points into today's exam (``motor[2]``)."""

    finding: str
    before: str
    after: str
    direction: Direction
    text: str

    @property
    def is_fall_in_strength(self) -> bool:
        return self.direction is Direction.WORSENED and self.finding.startswith("motor[")


def within_window(performed_at: datetime, earlier_performed_at: datetime) -> bool:
    """The earlier exam precedes today's by at most the window."""
    return timedelta(0) < performed_at - earlier_performed_at <= WINDOW


def _side(side: Side) -> str:
    return side.value.capitalize()


def _name(value: str) -> str:
    return value.replace("_", " ")


def _direction(worse: bool) -> Direction:
    return Direction.WORSENED if worse else Direction.IMPROVED


def _motor(today: ExamFacts, earlier: ExamFacts, on: str) -> list[Change]:
    before = {
        (f.muscle, f.side): f.grade
        for f in earlier.motor
        if f.grade in MRC_GRADE_VALUES and not f.pain_limited
    }
    changes = []
    for index, finding in enumerate(today.motor):
        grade_before = before.get((finding.muscle, finding.side))
        if grade_before is None or finding.pain_limited or finding.grade not in MRC_GRADE_VALUES:
            continue
        fall = MRC_GRADE_VALUES[grade_before] - MRC_GRADE_VALUES[finding.grade]
        if abs(fall) >= _WHOLE_GRADE:
            text = (
                f"{_side(finding.side)} {_name(finding.muscle.value)} MRC {grade_before} on {on},"
                f" {finding.grade} today"
            )
            changes.append(Change(f"motor[{index}]", grade_before, finding.grade, _direction(fall > 0), text))
    return changes


def _reflexes(today: ExamFacts, earlier: ExamFacts, on: str) -> list[Change]:
    before = {(f.reflex, f.side): f.grade for f in earlier.reflexes if f.grade is not None}
    changes = []
    for index, finding in enumerate(today.reflexes):
        grade_before = before.get((finding.reflex, finding.side))
        if grade_before is None or finding.grade is None or (grade_before == 0) == (finding.grade == 0):
            continue
        lost = finding.grade == 0
        text = (
            f"{_side(finding.side)} {_name(finding.reflex.value)} reflex {_REFLEX_WORDS[grade_before]}"
            f" on {on}, {_REFLEX_WORDS[finding.grade]} today"
        )
        changes.append(
            Change(f"reflexes[{index}]", str(grade_before), str(finding.grade), _direction(lost), text)
        )
    return changes


def _sensory(today: ExamFacts, earlier: ExamFacts, on: str) -> list[Change]:
    before = {(f.region, f.side): f.status for f in earlier.sensory if f.status in _SENSORY_LOSS}
    changes = []
    for index, finding in enumerate(today.sensory):
        status_before = before.get((finding.region, finding.side))
        if status_before is None or finding.status not in _SENSORY_LOSS:
            continue
        loss = _SENSORY_LOSS[finding.status] - _SENSORY_LOSS[status_before]
        if loss:
            text = (
                f"{_side(finding.side)} {_name(finding.region.value)} sensation {status_before.value}"
                f" on {on}, {finding.status.value} today"
            )
            changes.append(
                Change(
                    f"sensory[{index}]", status_before.value, finding.status.value, _direction(loss > 0), text
                )
            )
    return changes


def _history(today: ExamFacts, earlier: ExamFacts, on: str) -> list[Change]:
    changes = []
    for item in COMPARED_HISTORY:
        before = getattr(earlier.history, item.attribute)
        after = getattr(today.history, item.attribute)
        if before is None or after is None or before == after:
            continue
        words = {True: "yes", False: "no"}
        text = f"{item.label}: {words[before]} on {on}, {words[after]} today"
        changes.append(
            Change(f"history.{item.attribute}", words[before], words[after], _direction(after), text)
        )
    return changes


def compare(today: ExamFacts, earlier: ExamFacts, earlier_performed_at: datetime) -> tuple[Change, ...]:
    """Every change between the two exams, worsened or improved, in today's document order."""
    on = earlier_performed_at.date().isoformat()
    return (
        *_motor(today, earlier, on),
        *_reflexes(today, earlier, on),
        *_sensory(today, earlier, on),
        *_history(today, earlier, on),
    )
