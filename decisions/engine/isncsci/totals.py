"""Motor and sensory totals: sums of the scores, ``ND`` (not determinable) when any is NT.

A starred score counts at its face value; the star only marks it in the classification.
"""

from __future__ import annotations

from collections.abc import Iterable

from decisions.engine.isncsci.segments import (
    KEY_MUSCLES,
    LOWER_EXTREMITY_MUSCLES,
    NOT_DETERMINABLE,
    SENSORY_POINTS,
    UPPER_EXTREMITY_MUSCLES,
)
from decisions.engine.isncsci.side import Side


def _total(scores: Iterable[str]) -> str:
    total = 0
    for score in scores:
        if score.startswith("NT"):
            return NOT_DETERMINABLE
        total += int(score.rstrip("*"))
    return str(total)


def _both(right: str, left: str) -> str:
    if NOT_DETERMINABLE in (right, left):
        return NOT_DETERMINABLE
    return str(int(right) + int(left))


def side_totals(side: Side) -> dict[str, str]:
    """One side's totals under the names of spec section 5."""
    return {
        "upper_extremity_motor": _total(side.motor[m] for m in UPPER_EXTREMITY_MUSCLES),
        "lower_extremity_motor": _total(side.motor[m] for m in LOWER_EXTREMITY_MUSCLES),
        "motor": _total(side.motor[m] for m in KEY_MUSCLES),
        "light_touch": _total(side.light_touch[p] for p in SENSORY_POINTS),
        "pin_prick": _total(side.pin_prick[p] for p in SENSORY_POINTS),
    }


def totals(left: Side, right: Side) -> dict[str, object]:
    """Per side and both sides together (UEMS, LEMS, LT, PP), spec section 5."""
    right_totals, left_totals = side_totals(right), side_totals(left)
    return {
        "right": right_totals,
        "left": left_totals,
        **{
            name: _both(right_totals[name], left_totals[name])
            for name in ("upper_extremity_motor", "lower_extremity_motor", "light_touch", "pin_prick")
        },
    }
