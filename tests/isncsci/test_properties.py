"""Properties of the classifier over every valid worksheet, not just the shaped random ones: it
always answers (so the classify endpoint never fails on a worksheet it accepted), in the notation
of spec section 5, and it never changes the worksheet it reads."""

from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.engine.isncsci import classify
from decisions.engine.isncsci.segments import KEY_MUSCLES, MOTOR_SCORES, SENSORY_POINTS, SENSORY_SCORES

_LEVEL = r"(C[1-8]|T([1-9]|1[0-2])|L[1-5]|S[1-3]|S4_5|INT|NA)\*?"
_LEVELS = re.compile(rf"^{_LEVEL}(,{_LEVEL})*$")
_AIS = re.compile(r"^[A-E]\*?(,[A-E]\*?)*$")
_TOTAL = re.compile(r"^(\d+|ND)$")

motor = st.sampled_from(sorted(MOTOR_SCORES))
sensory = st.sampled_from(sorted(SENSORY_SCORES))


@st.composite
def sides(draw: st.DrawFn) -> dict[str, Any]:
    side: dict[str, Any] = {
        "motor": {muscle: draw(motor) for muscle in KEY_MUSCLES},
        "light_touch": {point: draw(sensory) for point in SENSORY_POINTS},
        "pin_prick": {point: draw(sensory) for point in SENSORY_POINTS},
    }
    lowest = draw(st.none() | st.sampled_from(KEY_MUSCLES))
    if lowest is not None:
        side["lowest_non_key_muscle"] = lowest
    return side


observation = st.sampled_from(["yes", "no", "NT"])
worksheets = st.fixed_dictionaries(
    {
        "right": sides(),
        "left": sides(),
        "voluntary_anal_contraction": observation,
        "deep_anal_pressure": observation,
    }
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worksheets)
def test_every_valid_worksheet_is_classified_in_the_notation_of_section_5(sheet: dict[str, Any]) -> None:
    before = copy.deepcopy(sheet)

    result = classify(sheet)

    assert sheet == before
    levels = [
        *result["sensory_level"].values(),
        *result["motor_level"].values(),
        result["neurological_level_of_injury"],
        *result["zone_of_partial_preservation"].values(),
    ]
    assert all(_LEVELS.match(level) for level in levels), levels
    assert result["injury_complete"] in {"C", "I", "C,I", "I*", "C*,I", "C*,I*"}
    assert _AIS.match(result["asia_impairment_scale"]), result["asia_impairment_scale"]
    totals = result["totals"]
    side_totals = [*totals["right"].values(), *totals["left"].values()]  # type: ignore[attr-defined]
    both = [value for key, value in totals.items() if key not in ("right", "left")]
    assert all(_TOTAL.match(value) for value in side_totals + both)
