"""The engine's input: one exam as typed, frozen facts.

The API and the admin validate a posted document against the vocabulary first and then build
an ``ExamFacts``; the engine never sees raw JSON. Absent data stays ``None`` (unknown), never a
default "normal". Each finding keeps its position in the posted list so evidence can point at
``motor[3]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decisions.engine.vocabulary import (
    Muscle,
    Onset,
    PlantarResponse,
    Progression,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    Sex,
    Side,
    SpecialTest,
    TestResult,
    Trauma,
)


@dataclass(frozen=True, slots=True)
class History:
    """The history block; every field ``None`` when it was not recorded."""

    onset: Onset | None = None
    symptom_duration_days: int | None = None
    progression: Progression | None = None
    conservative_care_weeks: int | None = None
    trauma: Trauma | None = None
    surgery_candidate: bool | None = None
    bladder_dysfunction: bool | None = None
    bowel_dysfunction: bool | None = None
    sexual_dysfunction: bool | None = None
    saddle_numbness: bool | None = None
    bilateral_leg_symptoms: bool | None = None
    back_pain: bool | None = None
    groin_pain: bool | None = None
    night_pain: bool | None = None
    fever: bool | None = None
    unexplained_weight_loss: bool | None = None
    cancer_history: bool | None = None
    immunosuppression: bool | None = None
    iv_drug_use: bool | None = None
    osteoporosis: bool | None = None
    chronic_steroid_use: bool | None = None
    anticoagulant_use: bool | None = None
    diabetes: bool | None = None
    statin_use: bool | None = None
    hypothyroidism: bool | None = None
    facial_droop: bool | None = None
    speech_difficulty: bool | None = None
    confusion: bool | None = None
    severe_headache: bool | None = None
    arm_weakness: bool | None = None
    visual_loss: bool | None = None
    balance_loss: bool | None = None


@dataclass(frozen=True, slots=True)
class MotorFact:
    muscle: Muscle
    side: Side
    grade: str  # an MRC grade from vocabulary.MRC_GRADES, "NT" when not testable
    pain_limited: bool = False


@dataclass(frozen=True, slots=True)
class ReflexFact:
    reflex: Reflex
    side: Side
    grade: int | None  # NINDS 0-4; None when "NT"


@dataclass(frozen=True, slots=True)
class PlantarFact:
    side: Side
    response: PlantarResponse


@dataclass(frozen=True, slots=True)
class SensoryFact:
    region: SensoryRegion
    side: Side
    status: SensoryStatus


@dataclass(frozen=True, slots=True)
class SpecialTestFact:
    test: SpecialTest
    side: Side
    result: TestResult
    angle_degrees: int | None = None
    reproduces_radicular_pain: bool | None = None


@dataclass(frozen=True, slots=True)
class CordInjury:
    """What an ISNCSCI worksheet's classification says of the cord: its neurological level of
    injury (one segment, the most rostral the scores allow) and the AIS grade(s), e.g. "C" or
    "B,C,D" when not-testable scores leave several."""

    level: str
    ais: str


@dataclass(frozen=True, slots=True)
class ExamFacts:
    """One exam. Tuples keep the document's order: index i is ``motor[i]`` in the document."""

    history: History = field(default_factory=History)
    motor: tuple[MotorFact, ...] = ()
    reflexes: tuple[ReflexFact, ...] = ()
    plantar_responses: tuple[PlantarFact, ...] = ()
    sensory: tuple[SensoryFact, ...] = ()
    special_tests: tuple[SpecialTestFact, ...] = ()
    sensory_level: str | None = None
    age_years: int | None = None
    sex: Sex | None = None
    cord_injury: CordInjury | None = None  # from the ISNCSCI worksheet, when the exam has one

    @property
    def spinal_level(self) -> str | None:
        """The level the cord findings give: the sensory level, else the worksheet's NLI."""
        if self.sensory_level is not None:
            return self.sensory_level
        return self.cord_injury.level if self.cord_injury is not None else None
