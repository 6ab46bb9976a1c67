"""Clinician-readable text for a finding reference ("Left patellar reflex reduced (L4)").

Texts are built only for findings that end up cited as evidence, from the same tables the
scoring uses, so the annotation (predominant root, nerve) is the one the engine reasoned with.
"""

from __future__ import annotations

from collections.abc import Mapping

from decisions.engine.decision import Evidence
from decisions.engine.facts import ExamFacts
from decisions.engine.knowledge.anatomy import MUSCLES, NERVES, REFLEXES, REGIONS

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


def _motor(facts: ExamFacts, index: int) -> str:
    finding = facts.motor[index]
    row = MUSCLES[finding.muscle]
    nerve = NERVES[row.nerve].label
    state = "normal" if finding.grade == "5" else "pain-limited" if finding.pain_limited else "weak"
    side = finding.side.value.capitalize()
    return (
        f"{side} {_name(finding.muscle.value)} ({row.movement}) MRC {finding.grade},"
        f" {state} ({_key_root(row.roots)}; {nerve})"
    )


def _reflex(facts: ExamFacts, index: int) -> str:
    finding = facts.reflexes[index]
    word = "not testable" if finding.grade is None else _REFLEX_WORDS[finding.grade]
    root = _key_root(REFLEXES[finding.reflex].roots)
    return f"{finding.side.value.capitalize()} {_name(finding.reflex.value)} reflex {word} ({root})"


def _sensory(facts: ExamFacts, index: int) -> str:
    finding = facts.sensory[index]
    row = REGIONS[finding.region]
    root = _key_root(row.dermatomes)
    nerve = _key_root(row.nerves)
    return (
        f"{finding.side.value.capitalize()} {_name(finding.region.value)} sensation {finding.status.value}"
        f" ({root} dermatome; {_name(nerve)} territory)"
    )


def _plantar(facts: ExamFacts, index: int) -> str:
    finding = facts.plantar_responses[index]
    extra = " (Babinski sign)" if finding.response.value == "extensor" else ""
    return f"{finding.side.value.capitalize()} plantar response {finding.response.value}{extra}"


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
    if ref == "age":
        return f"Age {facts.age_years}"
    name, _, rest = ref.partition("[")
    return _LISTS[name](facts, int(rest.rstrip("]")))


class Citer:
    """Evidence for finding references of one exam, each text built at most once."""

    __slots__ = ("_cache", "_facts")

    def __init__(self, facts: ExamFacts) -> None:
        self._facts = facts
        self._cache: dict[tuple[str, str], Evidence] = {}

    def __call__(self, ref: str, suffix: str = "") -> Evidence:
        key = (ref, suffix)
        cited = self._cache.get(key)
        if cited is None:
            cited = Evidence(ref, describe(self._facts, ref) + suffix)
            self._cache[key] = cited
        return cited
