"""The whole classification of one worksheet, in the order the standard derives it: levels per
side, NLI, completeness, AIS (which reads the levels), ZPPs (which read the AIS), totals."""

from __future__ import annotations

from typing import Any, TypedDict

from decisions.engine.isncsci.impairment import asia_impairment_scale, injury_complete
from decisions.engine.isncsci.levels import motor_level, neurological_level_of_injury, sensory_level
from decisions.engine.isncsci.side import Side
from decisions.engine.isncsci.totals import totals
from decisions.engine.isncsci.zpp import motor_zpp, sensory_zpp

Worksheet = dict[str, Any]
"""The ``isncsci`` object of spec section 4, already validated (exams.documents does that)."""


class Classification(TypedDict):
    """Spec section 5."""

    sensory_level: dict[str, str]
    motor_level: dict[str, str]
    neurological_level_of_injury: str
    injury_complete: str
    asia_impairment_scale: str
    zone_of_partial_preservation: dict[str, str]
    totals: dict[str, object]


def classify(worksheet: Worksheet) -> Classification:
    """Classify a validated worksheet; every field of spec section 5, as strings."""
    right = Side.from_document(worksheet["right"])
    left = Side.from_document(worksheet["left"])
    contraction: str = worksheet["voluntary_anal_contraction"]
    pressure: str = worksheet["deep_anal_pressure"]
    motor_right = motor_level(right, contraction)
    motor_left = motor_level(left, contraction)
    nli = neurological_level_of_injury(left, right)
    completeness = injury_complete(left, right, contraction, pressure)
    ais = asia_impairment_scale(
        left, right, contraction, pressure, completeness, (motor_left, motor_right), nli
    )
    return {
        "sensory_level": {"right": sensory_level(right), "left": sensory_level(left)},
        "motor_level": {"right": motor_right, "left": motor_left},
        "neurological_level_of_injury": nli,
        "injury_complete": completeness,
        "asia_impairment_scale": ais,
        "zone_of_partial_preservation": {
            "sensory_right": sensory_zpp(right, pressure),
            "sensory_left": sensory_zpp(left, pressure),
            "motor_right": motor_zpp(right, contraction, ais, motor_right),
            "motor_left": motor_zpp(left, contraction, ais, motor_left),
        },
        "totals": totals(left, right),
    }
