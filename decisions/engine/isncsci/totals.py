"""Motor and sensory totals: sums of the scores, ``ND`` (not determinable) when any is NT.

A starred score counts at its face value; the star only marks it in the classification. The sums
run over a table of score values in which any NT is worth more than every real score together, so
one pass both adds and tells whether an NT was among the scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter

from decisions.engine.isncsci.segments import (
    LOWER_EXTREMITY_MUSCLES,
    MOTOR_SCORES,
    NOT_DETERMINABLE,
    SENSORY_POINTS,
    SENSORY_SCORES,
    UPPER_EXTREMITY_MUSCLES,
)
from decisions.engine.isncsci.side import Side

_UNTESTED = 1_000_000
"""The value of an NT score in a sum: far above any real total (at most 112)."""

_VALUE = {
    score: _UNTESTED if score.startswith("NT") else int(score.rstrip("*"))
    for score in MOTOR_SCORES | SENSORY_SCORES
}
_upper = itemgetter(*UPPER_EXTREMITY_MUSCLES)
_lower = itemgetter(*LOWER_EXTREMITY_MUSCLES)
_points = itemgetter(*SENSORY_POINTS)


def _sum(scores: tuple[str, ...]) -> int:
    return sum(map(_VALUE.__getitem__, scores))


def _shown(total: int) -> str:
    return NOT_DETERMINABLE if total >= _UNTESTED else str(total)


def _side_sums(side: Side) -> dict[str, int]:
    upper, lower = _sum(_upper(side.motor)), _sum(_lower(side.motor))
    return {
        "upper_extremity_motor": upper,
        "lower_extremity_motor": lower,
        "motor": upper + lower,
        "light_touch": _sum(_points(side.light_touch)),
        "pin_prick": _sum(_points(side.pin_prick)),
    }


def _shown_all(sums: Mapping[str, int]) -> dict[str, str]:
    return {name: _shown(total) for name, total in sums.items()}


def side_totals(side: Side) -> dict[str, str]:
    """One side's totals under the names of spec section 5."""
    return _shown_all(_side_sums(side))


def totals(left: Side, right: Side) -> dict[str, object]:
    """Per side and both sides together (UEMS, LEMS, LT, PP), spec section 5."""
    right_sums, left_sums = _side_sums(right), _side_sums(left)
    return {
        "right": _shown_all(right_sums),
        "left": _shown_all(left_sums),
        **{
            name: _shown(right_sums[name] + left_sums[name])
            for name in ("upper_extremity_motor", "lower_extremity_motor", "light_touch", "pin_prick")
        },
    }
