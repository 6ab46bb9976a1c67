"""The ISNCSCI worksheet block of the exam document (spec section 4): validation.

The International Standards for Neurological Classification of Spinal Cord Injury worksheet, as an
optional ``isncsci`` block of the exam document or the body of ``POST /api/v1/isncsci/classify/``.
Every score is required and must be one of the standard's notations (a string: ``"5"``, ``"NT"``,
``"0*"``, ``"3**"``...); anything missing, unknown or malformed is an error whose path names it
(``isncsci.left.pin_prick.T7``). The classification itself is ``decisions.engine.isncsci``.

No Django here, as in ``exams.documents``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MotorScore = Literal[
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "NT",
    "0*",
    "1*",
    "2*",
    "3*",
    "4*",
    "NT*",
    "0**",
    "1**",
    "2**",
    "3**",
    "4**",
    "NT**",
]
"""A key muscle's grade: 0-5 or NT; ``*`` when impaired by something other than the spinal cord
injury and not considered normal for classification, ``**`` when considered normal."""

SensoryScore = Literal["0", "1", "2", "NT", "0*", "1*", "NT*", "0**", "1**", "NT**"]
"""A key sensory point: 0 absent, 1 altered, 2 normal, NT; stars as for motor grades."""

KeyMuscleSegment = Literal["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"]
AnalObservation = Literal["yes", "no", "NT"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyMuscles(_Strict):
    """The ten key muscles, by segment."""

    C5: MotorScore = Field(description="elbow flexors")
    C6: MotorScore = Field(description="wrist extensors")
    C7: MotorScore = Field(description="elbow extensors")
    C8: MotorScore = Field(description="finger flexors (distal phalanx of the middle finger)")
    T1: MotorScore = Field(description="finger abductors (little finger)")
    L2: MotorScore = Field(description="hip flexors")
    L3: MotorScore = Field(description="knee extensors")
    L4: MotorScore = Field(description="ankle dorsiflexors")
    L5: MotorScore = Field(description="long toe extensors")
    S1: MotorScore = Field(description="ankle plantar flexors")


class KeySensoryPoints(_Strict):
    """The 28 key sensory points, C2 to S4-5."""

    C2: SensoryScore
    C3: SensoryScore
    C4: SensoryScore
    C5: SensoryScore
    C6: SensoryScore
    C7: SensoryScore
    C8: SensoryScore
    T1: SensoryScore
    T2: SensoryScore
    T3: SensoryScore
    T4: SensoryScore
    T5: SensoryScore
    T6: SensoryScore
    T7: SensoryScore
    T8: SensoryScore
    T9: SensoryScore
    T10: SensoryScore
    T11: SensoryScore
    T12: SensoryScore
    L1: SensoryScore
    L2: SensoryScore
    L3: SensoryScore
    L4: SensoryScore
    L5: SensoryScore
    S1: SensoryScore
    S2: SensoryScore
    S3: SensoryScore
    S4_5: SensoryScore


class IsncsciSide(_Strict):
    motor: KeyMuscles
    light_touch: KeySensoryPoints
    pin_prick: KeySensoryPoints
    lowest_non_key_muscle: KeyMuscleSegment | None = Field(
        default=None,
        description="Segment of the lowest non-key muscle with motor function (tells AIS B from C).",
    )


class IsncsciBlock(_Strict):
    """The ``isncsci`` block (spec section 4)."""

    right: IsncsciSide
    left: IsncsciSide
    voluntary_anal_contraction: AnalObservation
    deep_anal_pressure: AnalObservation

    def to_json_dict(self) -> dict[str, Any]:
        """The worksheet as JSON in the spec's shape (an absent non-key muscle left out), which is
        also what ``decisions.engine.isncsci.classify`` takes."""
        return self.model_dump(mode="json", exclude_none=True)
