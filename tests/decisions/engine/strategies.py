"""Hypothesis strategies: valid exam documents drawn from the spec vocabulary."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from decisions.engine.vocabulary import (
    HISTORY_BOOLEAN_KEYS,
    MRC_GRADES,
    SENSORY_LEVELS,
    Muscle,
    Onset,
    PlantarResponse,
    Progression,
    Reflex,
    SensoryRegion,
    SensoryStatus,
    SpecialTest,
    TestResult,
    Trauma,
)

SIDES = ("left", "right")


def _unique_by_name_side(items: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for item in items:
        key = (item.get(name, ""), item["side"])
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


@st.composite
def history_blocks(draw: st.DrawFn) -> dict[str, Any]:
    history: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(HISTORY_BOOLEAN_KEYS), unique=True, max_size=8)):
        history[key] = draw(st.booleans())
    if draw(st.booleans()):
        history["onset"] = draw(st.sampled_from([o.value for o in Onset]))
    if draw(st.booleans()):
        history["progression"] = draw(st.sampled_from([p.value for p in Progression]))
    if draw(st.booleans()):
        history["trauma"] = draw(st.sampled_from([t.value for t in Trauma]))
    if draw(st.booleans()):
        history["symptom_duration_days"] = draw(st.integers(0, 800))
    if draw(st.booleans()):
        history["conservative_care_weeks"] = draw(st.integers(0, 30))
    return history


motor_items = st.fixed_dictionaries(
    {
        "muscle": st.sampled_from([m.value for m in Muscle]),
        "side": st.sampled_from(SIDES),
        "grade": st.sampled_from(MRC_GRADES),
    },
    optional={"pain_limited": st.booleans()},
)
reflex_items = st.fixed_dictionaries(
    {
        "reflex": st.sampled_from([r.value for r in Reflex]),
        "side": st.sampled_from(SIDES),
        "grade": st.sampled_from([0, 1, 2, 3, 4, "NT"]),
    }
)
plantar_items = st.fixed_dictionaries(
    {"side": st.sampled_from(SIDES), "response": st.sampled_from([p.value for p in PlantarResponse])}
)
sensory_items = st.fixed_dictionaries(
    {
        "region": st.sampled_from([r.value for r in SensoryRegion]),
        "side": st.sampled_from(SIDES),
        "status": st.sampled_from([s.value for s in SensoryStatus]),
    }
)
test_items = st.fixed_dictionaries(
    {
        "test": st.sampled_from([t.value for t in SpecialTest]),
        "side": st.sampled_from(SIDES),
        "result": st.sampled_from([r.value for r in TestResult]),
    },
    optional={"reproduces_radicular_pain": st.booleans(), "angle_degrees": st.integers(0, 90)},
)


@st.composite
def exam_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid exam document with a random mix of findings and history."""
    motor = _unique_by_name_side(draw(st.lists(motor_items, max_size=14)), "muscle")
    exam: dict[str, Any] = {
        "patient": {
            "identifier": {"system": "urn:test", "value": "generated"},
            "age_years": draw(st.integers(18, 95)),
        },
        "performed_at": "2026-11-20T10:00:00Z",
        "history": draw(history_blocks()),
        "motor": motor,
        "reflexes": _unique_by_name_side(draw(st.lists(reflex_items, max_size=6)), "reflex"),
        "plantar_responses": _unique_by_name_side(draw(st.lists(plantar_items, max_size=2)), "response_side"),
        "sensory": _unique_by_name_side(draw(st.lists(sensory_items, max_size=12)), "region"),
        "special_tests": _unique_by_name_side(draw(st.lists(test_items, max_size=4)), "test"),
    }
    if draw(st.integers(0, 5)) == 0:
        exam["sensory_level"] = draw(st.sampled_from(SENSORY_LEVELS))
    for item in exam["motor"]:
        if item["grade"] != "NT":
            item.pop("nt_reason", None)
    if not any(exam[name] for name in ("motor", "reflexes", "plantar_responses", "sensory", "special_tests")):
        exam["motor"] = [{"muscle": "quadriceps", "side": "left", "grade": "5"}]
    return exam
