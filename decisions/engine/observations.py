"""From exam facts to observations: what each recorded finding says, item by item.

An observation is ``(item key, strength, weight, finding reference)``: strength 0 is a normal
result, above 0 an abnormal one; an item that was not recorded (or ``NT``) yields nothing at all,
so an unexamined reflex neither supports nor refutes any site. Reflex grades 1 and 3 lie inside
the normal NINDS range and count only by asymmetry or context; 0 unilateral is strong, 4
(clonus) is always upper motor neuron. Pain-limited weakness goes to its own channel: it is not
true weakness (clinical-knowledge.md 2.2-2.3, 5.10).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decisions.engine.facts import ExamFacts, History, ReflexFact
from decisions.engine.knowledge.anatomy import SPECIAL_TESTS
from decisions.engine.knowledge.weights import (
    CHANNELS,
    MEDIAL_LEG_FACTOR,
    OBJECTIVE_WEAKNESS_GRADE,
    PAINFUL_MILD,
    REFLEX_ABSENT_BILATERAL,
    REFLEX_ABSENT_UNILATERAL,
    REFLEX_BRISK_ASYMMETRIC,
    REFLEX_BRISK_UNPAIRED,
    REFLEX_CLONUS,
    REFLEX_REDUCED_ASYMMETRIC,
    REFLEX_REDUCED_UNPAIRED,
    SENSORY_ABSENT,
    SENSORY_INCREASED,
    SENSORY_REDUCED,
    SEVERE_GRADE,
    TEST_BELOW_30_DEGREES,
    TEST_RADICULAR_PAIN_UNKNOWN,
    TEST_WITHOUT_RADICULAR_PAIN,
    WEAK_NEAR_NORMAL,
)
from decisions.engine.vocabulary import (
    MRC_GRADE_VALUES,
    Muscle,
    Onset,
    PlantarResponse,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    Side,
    TestResult,
)

# Enum members bound once: attribute access on an enum class is slow in the per-finding loops.
_LEFT, _RIGHT = Side.LEFT, Side.RIGHT
_EXTENSOR, _FLEXOR = PlantarResponse.EXTENSOR, PlantarResponse.FLEXOR
_MEDIAL_LEG, _PERIANAL = SensoryRegion.MEDIAL_LEG, SensoryRegion.PERIANAL
_NOT_TESTED, _POSITIVE = TestResult.NOT_TESTED, TestResult.POSITIVE
_SUDDEN = Onset.SUDDEN

Observation = tuple[str, float, float, str]  # (key, strength, weight, finding reference)

# History items observed from booleans: item key -> History attribute.
HISTORY_ITEMS: tuple[tuple[str, str], ...] = (
    ("hx:bladder", "bladder_dysfunction"),
    ("hx:bowel", "bowel_dysfunction"),
    ("hx:sexual", "sexual_dysfunction"),
    ("hx:saddle", "saddle_numbness"),
    ("hx:bilateral", "bilateral_leg_symptoms"),
    ("hx:back_pain", "back_pain"),
    ("hx:groin_pain", "groin_pain"),
    ("hx:face", "facial_droop"),
    ("hx:speech", "speech_difficulty"),
    ("hx:arm", "arm_weakness"),
    ("hx:visual", "visual_loss"),
    ("hx:balance", "balance_loss"),
    ("hx:confusion", "confusion"),
    ("hx:headache", "severe_headache"),
)

_W = {name: row.weight for name, row in CHANNELS.items()}
_LOCALIZING = {name: row.localizing for name, row in CHANNELS.items()}


@dataclass(slots=True)
class Findings:
    """Observations plus the derived facts the red-flag and recommendation rules ask about."""

    observations: list[Observation] = field(default_factory=list)
    weak: list[tuple[str, Side, float]] = field(default_factory=list)  # true weakness: (ref, side, MRC)
    painful: list[str] = field(default_factory=list)
    umn: dict[Side, list[str]] = field(default_factory=lambda: {Side.LEFT: [], Side.RIGHT: []})
    lmn_reflex: list[str] = field(default_factory=list)
    perianal_loss: list[str] = field(default_factory=list)
    localizing: bool = False
    sides_weak: frozenset[Side] | None = None  # filled in by ``weak_sides``
    near_normal: list[tuple[str, float]] = field(default_factory=list)  # MRC 5-: (item, weight)

    def objective_weakness(self) -> list[str]:
        return [ref for ref, _side, value in self.weak if value <= OBJECTIVE_WEAKNESS_GRADE]

    def severe_weakness(self) -> list[str]:
        return [ref for ref, _side, value in self.weak if value <= SEVERE_GRADE]

    def weak_sides(self) -> frozenset[Side]:
        """Sides with objective weakness; asked by several facts, so worked out once."""
        if self.sides_weak is None:
            self.sides_weak = frozenset(
                side for _ref, side, value in self.weak if value <= OBJECTIVE_WEAKNESS_GRADE
            )
        return self.sides_weak


def _add(findings: Findings, key: str, strength: float, channel: str, ref: str) -> None:
    findings.observations.append((key, strength, _W[channel], ref))
    if strength > 0.0 and _LOCALIZING[channel]:
        findings.localizing = True


# Item keys and references built once at import: the per-exam loop only looks them up.
_MOTOR_KEYS = {
    (m, s): (f"weak:{m.value}@{s.value}", f"painful:{m.value}@{s.value}") for m in Muscle for s in Side
}
_REFLEX_KEYS = {
    (r, s): (f"hypo:{r.value}@{s.value}", f"hyper:{r.value}@{s.value}") for r in Reflex for s in Side
}
_SENSORY_KEYS = {(g, s): f"sens:{g.value}@{s.value}" for g in SensoryRegion for s in Side}
_W_WEAK = _W["weak"]
_W_PAINFUL = _W["painful"]
_W_HYPO, _W_HYPER = _W["hypo"], _W["hyper"]
_HYPO_LOCALIZES, _HYPER_LOCALIZES = _LOCALIZING["hypo"], _LOCALIZING["hyper"]
_REF_COUNT = 64  # references built once per list position; a longer list formats the rest


def _positions(name: str) -> tuple[str, ...]:
    return tuple(f"{name}[{index}]" for index in range(_REF_COUNT))


_MOTOR_REFS, _REFLEX_REFS, _SENSORY_REFS = _positions("motor"), _positions("reflexes"), _positions("sensory")


def _motor(facts: ExamFacts, findings: Findings) -> None:
    observations = findings.observations
    for index, finding in enumerate(facts.motor):
        value = MRC_GRADE_VALUES.get(finding.grade)
        if value is None:
            continue  # NT: not testable is unknown, never normal
        ref = _MOTOR_REFS[index] if index < _REF_COUNT else f"motor[{index}]"
        weak_key, painful_key = _MOTOR_KEYS[finding.muscle, finding.side]
        if value >= 5.0:
            # Full power: one normal observation serves both channels (sites that predict a
            # painful muscle carry that expectation on its ``weak:`` key).
            observations.append((weak_key, 0.0, _W_WEAK, ref))
        elif finding.pain_limited:
            strength = 1.0 if value <= SEVERE_GRADE else PAINFUL_MILD
            observations.append((painful_key, strength, _W_PAINFUL, ref))
            findings.painful.append(ref)
            findings.localizing = True
        else:
            strength = WEAK_NEAR_NORMAL if value > OBJECTIVE_WEAKNESS_GRADE else 1.0
            observations.append((weak_key, strength, _W_WEAK, ref))
            if strength == WEAK_NEAR_NORMAL:
                findings.near_normal.append((weak_key, _W_WEAK * strength))
            findings.weak.append((ref, finding.side, value))
            findings.localizing = True


def _pairs(reflexes: tuple[ReflexFact, ...]) -> dict[tuple[Reflex, Side], int]:
    return {(r.reflex, r.side): r.grade for r in reflexes if r.grade is not None}


def _hypo_strength(grade: int, other: int | None) -> float | None:
    """Reduced or absent reflex: 0 counts alone, 1 only against a normal other side."""
    if grade >= 2:
        return 0.0
    if grade == 0:
        return REFLEX_ABSENT_UNILATERAL if other is None or other >= 1 else REFLEX_ABSENT_BILATERAL
    if other is None:
        return REFLEX_REDUCED_UNPAIRED
    if other >= 2:
        return REFLEX_REDUCED_ASYMMETRIC
    return None  # symmetric 1s do not localize; a 1 opposite a 0 is the better side, not a lesion


def _hyper_strength(grade: int, other: int | None, context: bool) -> float | None:
    """Brisk or clonic reflex: 4 always counts, 3 only by asymmetry or with other UMN signs."""
    if grade == 4:
        return REFLEX_CLONUS
    if grade <= 2:
        return 0.0
    if context or (other is not None and other <= 2):
        return REFLEX_BRISK_ASYMMETRIC
    return REFLEX_BRISK_UNPAIRED if other is None else None


def _umn_context(facts: ExamFacts) -> bool:
    return any(r.grade == 4 for r in facts.reflexes) or any(
        p.response is _EXTENSOR for p in facts.plantar_responses
    )


def _reflexes(facts: ExamFacts, findings: Findings) -> None:
    grades = _pairs(facts.reflexes)
    context = _umn_context(facts)
    observations = findings.observations
    for index, finding in enumerate(facts.reflexes):
        if finding.grade is None:
            continue
        ref = _REFLEX_REFS[index] if index < _REF_COUNT else f"reflexes[{index}]"
        other_side = _RIGHT if finding.side is _LEFT else _LEFT
        other = grades.get((finding.reflex, other_side))
        hypo_key, hyper_key = _REFLEX_KEYS[finding.reflex, finding.side]
        hypo = _hypo_strength(finding.grade, other)
        if hypo is not None:
            observations.append((hypo_key, hypo, _W_HYPO, ref))
            if hypo > 0.0 and _HYPO_LOCALIZES:
                findings.localizing = True
            if hypo >= REFLEX_REDUCED_ASYMMETRIC:
                findings.lmn_reflex.append(ref)
        hyper = _hyper_strength(finding.grade, other, context)
        if hyper is not None:
            observations.append((hyper_key, hyper, _W_HYPER, ref))
            if hyper > 0.0 and _HYPER_LOCALIZES:
                findings.localizing = True
            if finding.grade == 4 or (finding.grade == 3 and context):
                # Red flags count only unequivocal UMN signs: clonus, or brisk reflexes beside
                # clonus or a Babinski sign. A lone asymmetric 3 still weighs in localization.
                findings.umn[finding.side].append(ref)


def _plantars(facts: ExamFacts, findings: Findings) -> None:
    for index, finding in enumerate(facts.plantar_responses):
        ref = f"plantar_responses[{index}]"
        if finding.response is _EXTENSOR:
            _add(findings, f"babinski@{finding.side.value}", 1.0, "babinski", ref)
            findings.umn[finding.side].append(ref)
        elif finding.response is _FLEXOR:
            _add(findings, f"babinski@{finding.side.value}", 0.0, "babinski", ref)


_SENSORY_STRENGTH = {
    SensoryStatus.NORMAL: 0.0,
    SensoryStatus.REDUCED: SENSORY_REDUCED,
    SensoryStatus.ABSENT: SENSORY_ABSENT,
    SensoryStatus.INCREASED: SENSORY_INCREASED,
}


_W_SENS = _W["sens"]
_LOSS = frozenset({SensoryStatus.REDUCED, SensoryStatus.ABSENT})


def _sensory(facts: ExamFacts, findings: Findings) -> None:
    observations = findings.observations
    for index, finding in enumerate(facts.sensory):
        strength = _SENSORY_STRENGTH.get(finding.status)
        if strength is None:
            continue
        ref = _SENSORY_REFS[index] if index < _REF_COUNT else f"sensory[{index}]"
        region = finding.region
        if strength > 0.0:
            findings.localizing = True
            if region is _MEDIAL_LEG:
                strength *= MEDIAL_LEG_FACTOR
            elif region is _PERIANAL and finding.status in _LOSS:
                findings.perianal_loss.append(ref)
        observations.append((_SENSORY_KEYS[region, finding.side], strength, _W_SENS, ref))
    level = facts.spinal_level
    if level is not None:
        spinal = "level:thoracic" if level[0] in "CT" else "level:lumbar"
        _add(findings, spinal, 1.0, "level", "sensory_level" if facts.sensory_level else "isncsci")


def _special_tests(facts: ExamFacts, findings: Findings) -> None:
    for index, finding in enumerate(facts.special_tests):
        if finding.result is _NOT_TESTED:
            continue
        ref = f"special_tests[{index}]"
        strength = 0.0
        if finding.result is _POSITIVE:
            strength = 1.0
            if SPECIAL_TESTS[finding.test].radicular:
                if finding.reproduces_radicular_pain is None:
                    strength = TEST_RADICULAR_PAIN_UNKNOWN
                elif not finding.reproduces_radicular_pain:
                    strength = TEST_WITHOUT_RADICULAR_PAIN
                if finding.angle_degrees is not None and finding.angle_degrees < 30:
                    strength *= TEST_BELOW_30_DEGREES
        _add(findings, f"test:{finding.test.value}@{finding.side.value}", strength, "test", ref)


_HISTORY_ROWS = tuple(
    (key, attribute, _W[key], _LOCALIZING[key], f"history.{attribute}") for key, attribute in HISTORY_ITEMS
)


def _history(history: History, findings: Findings) -> None:
    observations = findings.observations
    for key, attribute, weight, localizing, ref in _HISTORY_ROWS:
        value = getattr(history, attribute)
        if value is not None:
            observations.append((key, 1.0 if value else 0.0, weight, ref))
            if value and localizing:
                findings.localizing = True
    if history.onset is not None:
        _add(findings, "hx:sudden", 1.0 if history.onset is _SUDDEN else 0.0, "hx:sudden", "history.onset")


def observe(facts: ExamFacts) -> Findings:
    """Every recorded finding as an observation, plus the derived lists the rules use."""
    findings = Findings()
    _motor(facts, findings)
    _reflexes(facts, findings)
    _plantars(facts, findings)
    _sensory(facts, findings)
    _special_tests(facts, findings)
    _history(facts.history, findings)
    return findings
