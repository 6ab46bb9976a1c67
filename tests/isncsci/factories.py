"""Worksheets for scenario tests, written the way a clinician describes an injury."""

from __future__ import annotations

import copy
from typing import Any

from decisions.engine.isncsci.segments import KEY_MUSCLES, SENSORY_LEVELS, SENSORY_POINTS


def side(
    sensation_normal_to: str = "S4_5",
    below: str = "0",
    motor: dict[str, str] | None = None,
    light_touch: dict[str, str] | None = None,
    pin_prick: dict[str, str] | None = None,
    lowest_non_key_muscle: str | None = None,
) -> dict[str, Any]:
    """One side: sensation normal (2) down to ``sensation_normal_to`` and ``below`` under it; key
    muscles normal (5) where the sensation is, absent (0) below, unless ``motor`` says otherwise."""
    last_normal = SENSORY_LEVELS.index(sensation_normal_to)

    def sensory(overrides: dict[str, str] | None) -> dict[str, str]:
        scores = {p: "2" if SENSORY_LEVELS.index(p) <= last_normal else below for p in SENSORY_POINTS}
        return {**scores, **(overrides or {})}

    grades = {m: "5" if SENSORY_LEVELS.index(m) <= last_normal else "0" for m in KEY_MUSCLES}
    document: dict[str, Any] = {
        "motor": {**grades, **(motor or {})},
        "light_touch": sensory(light_touch),
        "pin_prick": sensory(pin_prick),
    }
    if lowest_non_key_muscle:
        document["lowest_non_key_muscle"] = lowest_non_key_muscle
    return document


def worksheet(
    right: dict[str, Any] | None = None,
    left: dict[str, Any] | None = None,
    anal_contraction: str = "no",
    anal_pressure: str = "no",
) -> dict[str, Any]:
    """A whole worksheet; a side left out is a copy of the other (or normal)."""
    right = right or copy.deepcopy(left) or side()
    return {
        "right": right,
        "left": left or copy.deepcopy(right),
        "voluntary_anal_contraction": anal_contraction,
        "deep_anal_pressure": anal_pressure,
    }
