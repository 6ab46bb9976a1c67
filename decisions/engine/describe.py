"""Clinician-readable text for a finding reference ("Left patellar reflex reduced (L4)").

Texts are built only for findings that end up cited as evidence, from the same tables the
scoring uses, so the annotation (predominant root, nerve) is the one the engine reasoned with.
"""

from __future__ import annotations

from collections.abc import Mapping

from decisions.engine.decision import Evidence
from decisions.engine.facts import ExamFacts
from decisions.engine.knowledge.anatomy import MUSCLES, NERVES, REFLEXES, REGIONS
from decisions.engine.vocabulary import PlantarResponse, SensoryStatus, Side

_REFLEX_WORDS = {0: "absent", 1: "reduced", 2: "normal", 3: "brisk", 4: "with clonus"}
_HISTORY_TEXT = {
    "onset": "Onset {value}",
    "symptom_duration_days": "Symptoms for {value} days",
    "progression": "Progression: {value}",
    "trauma": "Trauma: {value}",
    "conservative_care_weeks": "{value} weeks of conservative care",
}


def _name(value: str) -> str:
    return value.replace("_", " ")


def _key_root(weights: Mapping[str, float]) -> str:
    return max(weights, key=weights.__getitem__) if weights else ""


def _side(side: Side) -> str:
    return side.value.capitalize()


# Every text that depends only on vocabulary values is built once, at import.
_MOTOR_PREFIX = {
    (muscle, side): f"{_side(side)} {_name(muscle.value)} ({row.movement}) MRC "
    for muscle, row in MUSCLES.items()
    for side in Side
}
_MOTOR_SUFFIX = {
    muscle: f" ({_key_root(row.roots)}; {NERVES[row.nerve].label})" for muscle, row in MUSCLES.items()
}
_REFLEX_TEXT = {
    (reflex, side, grade): f"{_side(side)} {_name(reflex.value)} reflex {word} ({_key_root(row.roots)})"
    for reflex, row in REFLEXES.items()
    for side in Side
    for grade, word in _REFLEX_WORDS.items()
}
_SENSORY_TEXT = {
    (region, side, status): (
        f"{_side(side)} {_name(region.value)} sensation {status.value}"
        f" ({_key_root(row.dermatomes)} dermatome; {_name(_key_root(row.nerves))} territory)"
    )
    for region, row in REGIONS.items()
    for side in Side
    for status in SensoryStatus
}
_PLANTAR_TEXT = {
    (side, response): f"{_side(side)} plantar response {response.value}"
    + (" (Babinski sign)" if response is PlantarResponse.EXTENSOR else "")
    for side in Side
    for response in PlantarResponse
}


def _motor(facts: ExamFacts, index: int) -> str:
    finding = facts.motor[index]
    state = "normal" if finding.grade == "5" else "pain-limited" if finding.pain_limited else "weak"
    prefix = _MOTOR_PREFIX[finding.muscle, finding.side]
    return f"{prefix}{finding.grade}, {state}{_MOTOR_SUFFIX[finding.muscle]}"


def _reflex(facts: ExamFacts, index: int) -> str:
    finding = facts.reflexes[index]
    if finding.grade is None:
        return f"{_side(finding.side)} {_name(finding.reflex.value)} reflex not testable"
    return _REFLEX_TEXT[finding.reflex, finding.side, finding.grade]


def _sensory(facts: ExamFacts, index: int) -> str:
    finding = facts.sensory[index]
    return _SENSORY_TEXT[finding.region, finding.side, finding.status]


def _plantar(facts: ExamFacts, index: int) -> str:
    finding = facts.plantar_responses[index]
    return _PLANTAR_TEXT[finding.side, finding.response]


def _special_test(facts: ExamFacts, index: int) -> str:
    finding = facts.special_tests[index]
    text = f"{finding.side.value.capitalize()} {_name(finding.test.value)} {finding.result.value}"
    if finding.angle_degrees is not None:
        text += f" at {finding.angle_degrees} degrees"
    if finding.reproduces_radicular_pain is True:
        text += ", reproducing radicular pain"
    elif finding.reproduces_radicular_pain is False:
        text += ", without radicular pain"
    return text


def _history(facts: ExamFacts, attribute: str) -> str:
    value = getattr(facts.history, attribute)
    template = _HISTORY_TEXT.get(attribute)
    if template is not None:
        return template.format(value=_name(str(value)))
    return f"{_name(attribute).capitalize()}: {'yes' if value else 'no'}"


_LISTS = {
    "motor": _motor,
    "reflexes": _reflex,
    "sensory": _sensory,
    "plantar_responses": _plantar,
    "special_tests": _special_test,
}


def describe(facts: ExamFacts, ref: str) -> str:
    """The text for one finding reference such as ``motor[3]`` or ``history.fever``."""
    if ref.startswith("history."):
        return _history(facts, ref.removeprefix("history."))
    if ref == "sensory_level":
        return f"Sensory level at {facts.sensory_level}"
    if ref == "isncsci" and facts.cord_injury is not None:
        injury = facts.cord_injury
        return f"ISNCSCI worksheet: neurological level of injury {injury.level}, AIS {injury.ais}"
    if ref == "age":
        return f"Age {facts.age_years}"
    name, _, rest = ref.partition("[")
    return _LISTS[name](facts, int(rest.rstrip("]")))


# The first positions of every finding list parsed once ("motor[3]" -> ("motor", 3)): most
# citations are of these, and parsing the reference cost more than the rest of a citation.
_POSITIONS: dict[str, tuple[str, int]] = {
    f"{name}[{index}]": (name, index) for name in _LISTS for index in range(64)
}


def _recorded(facts: ExamFacts, ref: str) -> object:
    """What the text for ``ref`` is made from: the finding at a list position, or the one recorded
    value of a history item, the sensory level or the age."""
    position = _POSITIONS.get(ref)
    if position is not None:
        return getattr(facts, position[0])[position[1]]
    name, bracket, rest = ref.partition("[")
    if bracket:
        return getattr(facts, name)[int(rest[:-1])]
    if ref.startswith("history."):
        return getattr(facts.history, ref.removeprefix("history."))
    if ref == "isncsci":
        return facts.cord_injury
    return facts.sensory_level if ref == "sensory_level" else facts.age_years


_CITED: dict[tuple[str, str, object], Evidence] = {}  # (ref, suffix, what was recorded) -> evidence
_CITED_MAX = 50_000  # the vocabulary bounds it; the cap only guards against odd angles, durations, ages


class Citer:
    """Evidence for finding references of one exam, each built at most once.

    Findings are frozen values, so the evidence for an identical finding at the same position
    (same muscle, side, grade at ``motor[3]``) is reused across exams: most citations of an exam
    are then one dictionary lookup, with no text formatting and no new ``Evidence``. A history
    item, the sensory level and the age are keyed by their recorded value the same way.
    """

    __slots__ = ("_cache", "_facts")

    def __init__(self, facts: ExamFacts) -> None:
        self._facts = facts
        self._cache: dict[tuple[str, str], Evidence] = {}

    def __call__(self, ref: str, suffix: str = "") -> Evidence:
        key = (ref, suffix)
        cited = self._cache.get(key)
        if cited is None:  # first citation in this exam: shared with earlier exams, or new
            shared = (ref, suffix, _recorded(self._facts, ref))
            cited = _CITED.get(shared)
            if cited is None:
                if len(_CITED) >= _CITED_MAX:
                    _CITED.clear()
                cited = _CITED[shared] = Evidence(ref, describe(self._facts, ref) + suffix)
            self._cache[key] = cited
        return cited
